"""Issue 12: each reproduction of the attacks and failures it lists, against the real servers."""
