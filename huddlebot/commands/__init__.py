"""One module per `huddlebot` sub-command, named as the command is typed (see `cli.py`)."""
