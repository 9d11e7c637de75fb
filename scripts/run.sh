#!/usr/bin/env bash
# Start the action server, the Rasa server and the widget's demo page, wait until they answer, then keep them
# running until Ctrl-C (with --shell: the two servers and a chat in the terminal, bot/console.py). An action
# server that stops is started again (the Rasa server stays up and apologises meanwhile); if the Rasa server or
# the web server stops, everything stops. Ports and endpoints come from the environment (Makefile). Messaging
# channels whose variables are not set stay off (bot/channels/credentials.py).
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
RASA_PORT=${RASA_PORT:-5005}
ACTION_PORT=${ACTION_PORT:-5055}
MODEL=${MODEL:-models/assistant.tar.gz}
LOG_DIR=${LOG_DIR:-var/log}
WEB_PORT=${WEB_PORT:-8080}
CREDENTIALS_FILE=${CREDENTIALS_FILE:-var/credentials.yml}
mkdir -p "$LOG_DIR" "$(dirname "${TRACKER_DB:-var/tracker.db}")"

pids=()          # the Rasa server and the web server: if one of them stops, everything stops
actions_pid=""  # the action server: restarted when it stops (its pid also in $LOG_DIR/actions.pid)
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}" $actions_pid; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -f "$LOG_DIR/actions.pid"
  echo "Assistant stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

wait_for() {  # name url seconds (polled 5 times a second: start-up time is measured by make bench)
  for _ in $(seq 1 $(($3 * 5))); do
    if curl -fs -o /dev/null "$2"; then return 0; fi
    for pid in "${pids[@]}" $actions_pid; do
      kill -0 "$pid" 2>/dev/null || { echo "error: the $1 stopped; see $LOG_DIR" >&2; return 1; }
    done
    sleep 0.2
  done
  echo "error: the $1 did not answer at $2 within $3 s; see $LOG_DIR" >&2
  return 1
}

# The action server runs actions only for the Rasa server, which sends this shared secret with every call
# (bot/security/action_token.py): generated once into var/action-server.token (mode 0600) unless set.
if [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  "$VENV/bin/python" -m bot.security.action_token
  ACTION_SERVER_TOKEN=$(cat var/action-server.token)
  export ACTION_SERVER_TOKEN
fi

# On 127.0.0.1 only in development (bot/action_server.py).
start_actions() {
  "$VENV/bin/python" -m bot.server actions --actions actions --port "$ACTION_PORT" >>"$LOG_DIR/actions.log" 2>&1 &
  actions_pid=$!
  actions_started=$SECONDS
  echo "$actions_pid" >"$LOG_DIR/actions.pid"
}
: >"$LOG_DIR/actions.log"
start_actions

# Only the channels whose ${VARIABLES} are all set (Rasa refuses to start on an unset one).
"$VENV/bin/python" -m bot.channels.credentials credentials.yml "$CREDENTIALS_FILE"

# Origins allowed to call Rasa from a browser: space- or comma-separated, never "*" by default.
origins=${CORS_ORIGINS:-http://localhost:$WEB_PORT}
read -r -a cors <<<"${origins//,/ }"
export CORS_ORIGINS="${cors[*]}"  # the socket.io channel refuses websocket connections from other origins
for origin in "${cors[@]}"; do
  [ "$origin" != "*" ] || echo "warning: CORS_ORIGINS contains *: any website can use this assistant" >&2
done

# No --enable-api: the HTTP API would expose every conversation without authentication.
# Started while the action server is still starting: Rasa only calls it once a message needs an action.
"$VENV/bin/python" -m bot.server run --model "$MODEL" --port "$RASA_PORT" --credentials "$CREDENTIALS_FILE" \
  --endpoints endpoints.yml --cors "${cors[@]}" >"$LOG_DIR/rasa.log" 2>&1 &
pids+=($!)
wait_for "action server" "http://localhost:$ACTION_PORT/health" 60
wait_for "Rasa server" "http://localhost:$RASA_PORT/webhooks/rest/" 180

# make shell: the same servers, and a chat in this terminal on the REST channel (bot/console.py) instead of the
# widget's web server; leaving the chat (/stop, Ctrl-D, Ctrl-C) stops the servers.
if [ "${1:-}" = "--shell" ]; then
  echo "The assistant is running (logs in $LOG_DIR/)."
  "$VENV/bin/python" -m bot.console --url "http://localhost:$RASA_PORT" || true
  exit 0
fi

# The widget and its demo page (web/), on 127.0.0.1 only.
"$VENV/bin/python" scripts/serve_web.py --port "$WEB_PORT" --rasa-url "http://localhost:$RASA_PORT" \
  >"$LOG_DIR/web.log" 2>&1 &
pids+=($!)
wait_for "web server" "http://127.0.0.1:$WEB_PORT/" 30

cat <<MSG
The assistant is running.
  REST:      curl -s -XPOST http://localhost:$RASA_PORT/webhooks/rest/webhook \\
               -H 'Content-Type: application/json' -d '{"sender": "eu", "message": "Cât câștigă un operator?"}'
  Website:   http://localhost:$WEB_PORT/  (demo page with the chat widget)
  socket.io: http://localhost:$RASA_PORT/socket.io (channel for the website widget)
  Actions:   http://localhost:$ACTION_PORT/webhook (Rasa only: needs the token in var/)   Logs: $LOG_DIR/
Press Ctrl-C to stop.
MSG
# Supervise: a crashed action server is started again, waiting longer after each quick crash (1 s, 2 s, ...
# up to 30 s; back to 1 s once it ran for a minute); any other server stopping ends the assistant.
delay=1
while true; do
  wait -n && status=0 || status=$?
  for pid in "${pids[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "error: a server stopped unexpectedly; see $LOG_DIR" >&2; exit 1; }
  done
  if ! kill -0 "$actions_pid" 2>/dev/null; then
    [ $((SECONDS - actions_started)) -lt 60 ] || delay=1
    echo "$(date '+%F %T') action server stopped (exit $status); starting it again in $delay s" \
      | tee -a "$LOG_DIR/actions.log" >&2
    sleep "$delay"
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
    start_actions
  fi
done
