"""An operator can shorten how long one send may take (HUDDLEBOT_SEND_TIMEOUT); a value that
would let a send outlive its 60 s lease, and so be sent twice, is refused at start."""

from __future__ import annotations

import pytest

from scheduler.policy import DeliveryPolicy


def test_the_send_timeout_comes_from_the_environment() -> None:
    assert DeliveryPolicy.from_env({}).send_timeout == 20.0
    assert DeliveryPolicy.from_env({"HUDDLEBOT_SEND_TIMEOUT": "3"}).send_timeout == 3.0


@pytest.mark.parametrize("value", ["0", "-1", "60", "90"])
def test_a_send_timeout_outside_the_lease_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="HUDDLEBOT_SEND_TIMEOUT"):
        DeliveryPolicy.from_env({"HUDDLEBOT_SEND_TIMEOUT": value})
