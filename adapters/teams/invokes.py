"""The invokes Huddlebot serves (its "Post an idea" message extension, the answer to a file
consent card), and a 400 for the rest.

botbuilder answers an invoke it has no handler for with 501, and crashes (500) on a value of the
wrong shape; here both are a 400 before botbuilder sees them.
"""

from __future__ import annotations

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.core.serializer_helper import deserializer_helper
from botbuilder.schema import Activity, ActivityTypes
from botbuilder.schema.teams import FileConsentCardResponse, MessagingExtensionAction

# invoke name → the model botbuilder reads its value as
SERVED = {
    "composeExtension/fetchTask": MessagingExtensionAction,
    "composeExtension/submitAction": MessagingExtensionAction,
    "fileConsent/invoke": FileConsentCardResponse,  # the board pack, allowed or declined
}


def invoke_refusal(activity: Activity) -> str:
    """Why an invoke is not served ("" when it is)."""
    model = SERVED.get(activity.name) if isinstance(activity.name, str) else None
    if model is None:
        return "an invoke this bot does not serve"
    if not isinstance(activity.value, dict):
        return "an invoke without an object value"
    try:
        deserializer_helper(model, activity.value)
    except Exception:  # noqa: BLE001 - whatever botbuilder would choke on is refused here
        return "an invoke value of the wrong shape"
    return ""


async def answer_invoke(turn_context: TurnContext, status: int) -> None:
    """The HTTP status Teams gets for an invoke the turn will not otherwise answer."""
    await turn_context.send_activity(
        Activity(type=ActivityTypes.invoke_response, value=InvokeResponse(status=status))
    )
