"""Candidate journeys beyond the FAQ: job alerts, callback requests to a recruiter, and the candidate's own data.

- `validation`: what a candidate types into a form (e-mail, phone, name, city, industry, languages, yes/no);
- `form_input`: whether a message answers the question a form asked, changes an earlier answer, or is
  another topic the assistant should answer before asking again;
- `models` and `store`: the subscriptions, callback requests and pending erasures in the database;
- `conversations`: the conversations Rasa stores (SQL tracker store): deleting one, retention;
- `texts`: what the assistant says in these journeys, in Romanian.

Independent of Rasa: the actions in `actions/` only read the tracker and call these functions.
"""
