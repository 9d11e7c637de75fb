"""`make test-prod`: the production stack on this machine (PostgreSQL, Redis, nginx, 2 Rasa replicas, 2 action
servers), conversations through nginx, replicas and action servers killed mid-conversation."""
