"""Messaging channels (Telegram, Facebook Messenger, Twilio/WhatsApp) on top of Rasa 3.6's connectors.

What Rasa's connectors lack is added here: webhook authentication (a forged request is refused before it
reaches a conversation), deduplication of webhooks the platforms retry, and numbered options where a channel
has no buttons. The pure logic lives in small modules testable without Rasa (`signatures`, `dedupe`,
`choices`, `incoming`, `credentials`); `telegram`, `facebook` and `twilio` plug it into Rasa.
"""
