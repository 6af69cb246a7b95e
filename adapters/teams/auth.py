"""Inbound authentication that fails closed, and the CloudAdapter built on it.

Plain botbuilder 4.17.1 answers 500 when a token cannot be checked (malformed token, signing keys
unreachable); here every failure to prove a request genuine is a PermissionError, which the
CloudAdapter turns into 401, and the tenant of a single-tenant app is enforced.
"""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from botframework.connector.skills import BotFrameworkClient

from adapters.teams.service_urls import ServiceUrls
from adapters.teams.settings import TeamsSettings

log = logging.getLogger("huddlebot.teams.auth")
KEY_FETCH_TIMEOUT = 10.0  # seconds; a request we cannot check in time is refused


def activity_tenant(activity: Activity) -> str:
    """The tenant an activity says it comes from: channelData.tenant.id, else the conversation's."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    named = data.get("tenant")
    tenant = named.get("id") if isinstance(named, dict) else None
    if not isinstance(tenant, str) or not tenant:
        conversation = activity.conversation
        tenant = getattr(conversation, "tenant_id", None) if conversation is not None else None
    return tenant if isinstance(tenant, str) else ""


class FailClosedAuthentication(BotFrameworkAuthentication):
    """Wraps botbuilder's authentication: any failure to validate is a refusal, never a crash."""

    def __init__(
        self,
        inner: BotFrameworkAuthentication,
        settings: TeamsSettings,
        service_urls: ServiceUrls | None = None,
    ) -> None:
        self._inner = inner
        self._settings = settings
        self._service_urls = service_urls or ServiceUrls(
            settings.authenticated, settings.service_urls
        )
        # botbuilder builds new connector and token clients for every turn and every proactive
        # send (about 20 ms of CPU each, most of it msrest setting up retry codes): one per bot
        # identity, service URL and audience is enough.
        self._factories: dict[tuple[str, ...], ReusedConnectors] = {}
        self._token_clients: dict[tuple[str, ...], UserTokenClient] = {}

    async def authenticate_request(
        self, activity: Activity, auth_header: str
    ) -> AuthenticateRequestResult:
        if not self._settings.authenticated:
            self._check_service_url(activity, None)  # before anything can connect out to it
            return await self._inner.authenticate_request(activity, auth_header)
        if not auth_header:
            raise PermissionError("no Authorization header")
        try:
            # botbuilder fetches signing keys with a blocking `requests.get`: keep that off the
            # shared event loop (Slack's 3-second acks), and give up after a while.
            result = await asyncio.wait_for(
                asyncio.to_thread(
                    asyncio.run, self._inner.authenticate_request(activity, auth_header)
                ),
                KEY_FETCH_TIMEOUT,
            )
        except PermissionError:
            raise
        except Exception as error:  # noqa: BLE001 - a token we cannot check is a token we refuse
            log.warning(
                "Teams request refused: token could not be validated (%s)", type(error).__name__
            )
            raise PermissionError("token could not be validated") from error
        self._check_tenant(activity, result.claims_identity)
        self._check_service_url(activity, result.claims_identity)
        return result

    def _check_service_url(self, activity: Activity, identity: ClaimsIdentity | None) -> None:
        claims = identity.claims if identity is not None and identity.claims else {}
        reason = self._service_urls.refusal(activity.service_url, claims)
        if reason:
            log.warning("Teams activity %s refused: %s", _short(activity.id), reason)
            raise PermissionError(reason)

    def _check_tenant(self, activity: Activity, identity: ClaimsIdentity | None) -> None:
        expected = self._settings.tenant_id
        if not expected:
            return
        claims = identity.claims if identity is not None and identity.claims else {}
        token_tenant = claims.get("tid", "")
        if token_tenant and token_tenant != expected:
            raise PermissionError("token from another tenant")
        if activity_tenant(activity) != expected:
            log.warning("Teams activity %s refused: from another tenant", _short(activity.id))
            raise PermissionError("activity from another tenant")

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        raise PermissionError("streaming connections are not served")

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        key = _identity_key(claims_identity)
        factory = self._factories.get(key)
        if factory is None:
            inner = self._inner.create_connector_factory(claims_identity)
            factory = self._factories[key] = ReusedConnectors(inner)
        return factory

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = _identity_key(claims_identity)
        client = self._token_clients.get(key)
        if client is None:
            client = await self._inner.create_user_token_client(claims_identity)
            self._token_clients[key] = client
        return client

    def create_bot_framework_client(self) -> BotFrameworkClient:
        return self._inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self._inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self._inner.authenticate_channel_request(auth_header)


class ReusedConnectors(ConnectorFactory):
    """A connector factory that keeps the client it made for each service URL and audience."""

    def __init__(self, inner: ConnectorFactory) -> None:
        self._inner = inner
        self._clients: dict[tuple[str, str | None], ConnectorClient] = {}

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        key = (service_url, audience)
        client = self._clients.get(key)
        if client is None:
            client = self._clients[key] = await self._inner.create(service_url, audience)
        return client


def _identity_key(identity: ClaimsIdentity) -> tuple[str, ...]:
    """Who the bot acts as: its claims (app id, audience, issuer) and how it was proven."""
    claims = identity.claims if identity is not None and identity.claims else {}
    kinds = (str(getattr(identity, "is_authenticated", "")), str(getattr(identity, "type", "")))
    return (*kinds, *(f"{k}={v}" for k, v in sorted(claims.items()) if isinstance(v, str)))


def _short(value: object) -> str:
    """An id for a log line: a string, at most 80 characters, never anything else."""
    return value[:80] if isinstance(value, str) else "-"


def _configuration(settings: TeamsSettings) -> SimpleNamespace:
    """The attribute bag botbuilder's configuration classes read."""
    config = SimpleNamespace(
        APP_ID=settings.app_id,
        APP_PASSWORD=settings.app_password,
        APP_TYPE="SingleTenant" if settings.tenant_id and settings.app_id else "MultiTenant",
        APP_TENANTID=settings.tenant_id,
    )
    if settings.openid_metadata_url:
        # The parameterised form needs every public-cloud endpoint spelled out.
        config.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL = settings.openid_metadata_url
        config.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL = settings.openid_metadata_url
        config.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER = (
            AuthenticationConstants.TO_BOT_FROM_CHANNEL_TOKEN_ISSUER
        )
        config.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE = (
            AuthenticationConstants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE
        )
        config.TO_CHANNEL_FROM_BOT_LOGIN_URL = AuthenticationConstants.TO_CHANNEL_FROM_BOT_LOGIN_URL
        config.OAUTH_URL = AuthenticationConstants.OAUTH_URL
        config.CALLER_ID = "urn:botframework:azure"
    return config


def build_cloud_adapter(
    settings: TeamsSettings, service_urls: ServiceUrls | None = None
) -> CloudAdapter:
    """A CloudAdapter whose inbound checks fail closed."""
    inner = ConfigurationBotFrameworkAuthentication(_configuration(settings))
    return CloudAdapter(FailClosedAuthentication(inner, settings, service_urls))
