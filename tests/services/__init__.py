"""Real servers started for the tests (PostgreSQL, Redis, nginx, Rasa, action servers), each in a throwaway
directory on loopback, stopped when the test is done, whatever happened."""
