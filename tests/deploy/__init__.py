"""deploy/: the Kubernetes manifests and nginx configuration agree with the tested setup."""
