#!/usr/bin/env bash
# Start the action server and the Rasa server, wait until both answer, then keep them running until
# Ctrl-C (or open `rasa shell` with --shell). Ports and endpoints come from the environment (Makefile).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
MODEL=${MODEL:-models/assistant.tar.gz}
LOG_DIR=${LOG_DIR:-var/log}
mkdir -p "$LOG_DIR" "$(dirname "${TRACKER_DB:-var/tracker.db}")"

pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Assistant stopped."
}
trap stop INT TERM EXIT

wait_for() {  # name url seconds
  for _ in $(seq 1 "$3"); do
    if curl -fs -o /dev/null "$2"; then return 0; fi
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "error: the $1 stopped; see $LOG_DIR" >&2; return 1; }
    done
    sleep 1
  done
  echo "error: the $1 did not answer at $2 within $3 s; see $LOG_DIR" >&2
  return 1
}

"$VENV/bin/rasa" run actions --actions actions --port "$ACTION_PORT" >"$LOG_DIR/actions.log" 2>&1 &
pids+=($!)
wait_for "action server" "http://localhost:$ACTION_PORT/health" 60

if [ "${1:-}" = "--shell" ]; then
  "$VENV/bin/rasa" shell --model "$MODEL" --endpoints endpoints.yml
  exit 0
fi

# No --enable-api: the HTTP API would expose every conversation without authentication.
"$VENV/bin/rasa" run --model "$MODEL" --port "$RASA_PORT" --credentials credentials.yml \
  --endpoints endpoints.yml --cors "${CORS_ORIGINS:-http://localhost:8080}" >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)
wait_for "Rasa server" "http://localhost:$RASA_PORT/webhooks/rest/" 180

cat <<MSG
The assistant is running.
  REST:      curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
               -H 'Content-Type: application/json' -d '{"sender": "eu", "message": "Cât câștigă un operator?"}'
  socket.io: http://localhost:$RASA_PORT/socket.io (channel for the website widget)
  Actions:   http://localhost:$ACTION_PORT/webhook   Logs: $LOG_DIR/
Press Ctrl-C to stop.
MSG
wait -n "${pids[@]}"
echo "error: a server stopped unexpectedly; see $LOG_DIR" >&2
exit 1
