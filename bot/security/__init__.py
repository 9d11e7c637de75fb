"""Who may do what: the action server's shared secret, sender namespaces per channel, signed REST tokens,
personal data kept out of the logs. See docs/security.md."""
