"""Job openings and the job alerts that are actually sent (docs/jobs.md).

- `models`, `openings`: the openings recruiters add, import (CSV), close and list (`python -m bot jobs ...`),
  validated and audited like knowledge edits;
- `search`: which openings a chat message or a subscription asks for (town, industry, languages);
- `chat`: the openings in the answer to "caut job în Cluj" (at most 3, a "mai multe" button for the rest);
- `links`: the signed confirm / unsubscribe links; `mail`: SMTP or, in development, var/outbox/*.eml;
- `alerts`: the confirmation e-mail (double opt-in), `python -m bot alerts send`, the link pages' work;
- `texts`: what the chat, the e-mails and the link pages say, in Romanian.

Subscriptions themselves are the candidates' data (bot/candidates); web pages for the links are served by the
Rasa server (bot/channels/alert_links.py).
"""
