#!/usr/bin/env bash
# Builds and runs the two sample services: the order service (http://127.0.0.1:8080) and the inventory service
# (http://127.0.0.1:8081), on embedded H2 databases, talking over ZeroMQ on 127.0.0.1.
#
#   ./run-samples.sh          start both, print what to try, and stop both on Ctrl-C
#   ./run-samples.sh demo     start both, run the demo scenario (inventory killed and restarted), stop both
#
# Options (environment): KEEP_DATA=1 keeps the databases of an earlier run (default: start from fresh ones;
# the demo always starts fresh). SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
cd "$(dirname "$0")"

ROOT=$(pwd)
RUN_DIR="$ROOT/target/samples"
ORDER_URL=http://127.0.0.1:8080
INVENTORY_URL=http://127.0.0.1:8081
PYTHON=${PYTHON:-python3}
ORDER_PID=""
INVENTORY_PID=""
MODE=${1:-run}

case "$MODE" in
  run | demo) ;;
  -h | --help | help)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "Unknown command '$MODE'; use: $0 [demo]" >&2
    exit 2
    ;;
esac

say() { printf '%s\n' "$*"; }

# Reads JSON on stdin and prints one value: json_get status, json_get errors.0.field ...
json_get() {
  "$PYTHON" -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value.get(key)
print("" if value is None else json.dumps(value) if isinstance(value, (dict, list)) else value)' "$1"
}

require_tools() {
  local missing=()
  for tool in java curl "$PYTHON"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if ((${#missing[@]})); then
    echo "Missing: ${missing[*]} (Java 17 or later, curl and python3 are needed)" >&2
    exit 1
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

check_ports() {
  local busy=()
  for port in 8080 8081 5601 5602 5603 5604; do
    if port_in_use "$port"; then busy+=("$port"); fi
  done
  if ((${#busy[@]})); then
    echo "Port(s) ${busy[*]} on 127.0.0.1 are in use: are the samples already running? Stop them first." >&2
    exit 1
  fi
}

build() {
  if [[ "${SKIP_BUILD:-}" == 1 ]]; then
    return
  fi
  say "Building (./mvnw -q -DskipTests package -pl sample-order-service,sample-inventory-service -am) ..."
  ./mvnw -q -DskipTests package -pl sample-order-service,sample-inventory-service -am
}

jar_of() {
  local jars=("$ROOT/$1/target/$1"-*-exec.jar)
  if [[ ! -f "${jars[0]}" ]]; then
    echo "No executable jar in $1/target; build first (run without SKIP_BUILD=1)" >&2
    exit 1
  fi
  printf '%s' "${jars[0]}"
}

# Starts one service from its module directory (its H2 files go to <module>/target/data); sets STARTED_PID.
start_service() {
  local module=$1 jar
  jar=$(jar_of "$module")
  (cd "$ROOT/$module" && exec java -jar "$jar" >>"$RUN_DIR/$module.log" 2>&1) &
  STARTED_PID=$!
}

start_order() { start_service sample-order-service; ORDER_PID=$STARTED_PID; }
start_inventory() { start_service sample-inventory-service; INVENTORY_PID=$STARTED_PID; }

health() { curl -fsS --max-time 2 "$1/actuator/health" 2>/dev/null | json_get status 2>/dev/null || true; }

# Waits until a service answers UP on /actuator/health, at most 120 s.
await_up() {
  local name=$1 url=$2 pid=$3 deadline=$((SECONDS + 120))
  until [[ "$(health "$url")" == UP ]]; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "The $name stopped while starting; the end of target/samples/sample-$name.log:" >&2
      tail -n 30 "$RUN_DIR/sample-$name.log" >&2
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      echo "The $name is not UP after 120 s; see target/samples/sample-$name.log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

# Stops a process (SIGTERM: Spring shuts down gracefully), and kills it if it is still there after 30 s.
stop_pid() {
  local pid=$1 waited=0
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && ((waited < 60)); do
    sleep 0.5
    waited=$((waited + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

STOPPED=0
stop_all() {
  ((STOPPED)) && return
  STOPPED=1
  set +e # stop both, whatever happens (a closed terminal or pipe included)
  trap - INT TERM HUP
  trap '' PIPE # writing to a closed pipe must not end the script before both are stopped
  say "" 2>/dev/null
  say "Stopping both services ..." 2>/dev/null
  stop_pid "$INVENTORY_PID"
  stop_pid "$ORDER_PID"
  say "Stopped. Logs: target/samples/*.log" 2>/dev/null
}

start_all() {
  mkdir -p "$RUN_DIR"
  : >"$RUN_DIR/sample-order-service.log"
  : >"$RUN_DIR/sample-inventory-service.log"
  if [[ "$MODE" == demo || "${KEEP_DATA:-}" != 1 ]]; then
    rm -rf sample-order-service/target/data sample-inventory-service/target/data
  fi
  trap 'stop_all; exit 130' INT TERM HUP PIPE
  trap stop_all EXIT
  start_order
  start_inventory
  say "Starting the order service (PID $ORDER_PID) and the inventory service (PID $INVENTORY_PID) ..."
  await_up order-service "$ORDER_URL" "$ORDER_PID"
  await_up inventory-service "$INVENTORY_URL" "$INVENTORY_PID"
  say "Both services are UP."
}

print_try() {
  cat <<EOF

Order service:     $ORDER_URL    (logs: target/samples/sample-order-service.log)
Inventory service: $INVENTORY_URL    (logs: target/samples/sample-inventory-service.log)

Try:
  # register (answers at once; the e-mail and SMS follow, in parallel)
  curl -s -H 'Content-Type: application/json' -d '{"name":"Ada","email":"ada@example.com","phone":"+4412345678"}' $ORDER_URL/api/users
  curl -s '$INVENTORY_URL/api/notifications?email=ada@example.com'

  # order (201 PENDING at once, then RESERVED or REJECTED)
  curl -s -H 'Content-Type: application/json' -d '{"userId":1,"sku":"LAMP-1","quantity":2}' $ORDER_URL/api/orders
  curl -s $ORDER_URL/api/orders/1

  # stock, asked of inventory by request/reply (503 within about 1 s when inventory is down)
  curl -s $ORDER_URL/api/stock/LAMP-1
  curl -s $INVENTORY_URL/api/stock

  # bad input: 400 with the field errors
  curl -s -H 'Content-Type: application/json' -d '{"userId":1,"sku":"LAMP-1","quantity":0}' $ORDER_URL/api/orders

  # what inventory did, and the starter's view of the sockets
  curl -s $INVENTORY_URL/api/reservations/summary
  curl -s $ORDER_URL/actuator/health

  # inventory down, orders still accepted, inventory back, every order done once:
  # stop here (Ctrl-C) and run ./run-samples.sh demo

Ctrl-C stops both services.
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# The demo scenario

ORDERS=()

millis() { date +%s%3N; }

post() { curl -sS -H 'Content-Type: application/json' -d "$2" -o "$RUN_DIR/answer.json" -w '%{http_code} %{time_total}' "$1"; }

place_order() {
  local sku=$1 quantity=$2 result code seconds id status
  result=$(post "$ORDER_URL/api/orders" "{\"userId\":$USER_ID,\"sku\":\"$sku\",\"quantity\":$quantity}")
  code=${result% *}
  seconds=${result#* }
  if [[ "$code" != 201 ]]; then
    say "  order $quantity x $sku: HTTP $code $(cat "$RUN_DIR/answer.json")"
    return 1
  fi
  id=$(json_get id <"$RUN_DIR/answer.json")
  status=$(json_get status <"$RUN_DIR/answer.json")
  ORDERS+=("$id")
  printf '  order %-3s %s x %-9s -> HTTP %s %s in %4d ms\n' "$id" "$quantity" "$sku" "$code" "$status" \
    "$("$PYTHON" -c "print(round($seconds * 1000))")"
}

place_batch() {
  local from=$1 to=$2 i
  for ((i = from; i <= to; i++)); do
    case $((i % 4)) in
      1) place_order BOOK-1 1 ;;
      2) place_order MUG-1 2 ;;
      3) place_order LAMP-1 2 ;;
      0) if ((i == 20)); then place_order POSTER-9 1; else place_order BOOK-1 3; fi ;;
    esac
  done
}

# Places an order whose HTTP request starts a trace of our choosing (a W3C traceparent header), waits for its final
# state, then prints the spans both services wrote to their logs for that trace, and their log lines that carry it.
trace_order() {
  local trace_id parent result id deadline spans
  trace_id=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  parent=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
  result=$(curl -sS -H 'Content-Type: application/json' -H "traceparent: 00-$trace_id-$parent-01" \
    -d "{\"userId\":$USER_ID,\"sku\":\"BOOK-1\",\"quantity\":1}" -o "$RUN_DIR/answer.json" -w '%{http_code}' \
    "$ORDER_URL/api/orders")
  if [[ "$result" != 201 ]]; then
    say "  order: HTTP $result $(cat "$RUN_DIR/answer.json")"
    return 1
  fi
  id=$(json_get id <"$RUN_DIR/answer.json")
  ORDERS+=("$id")
  say "  POST /api/orders with traceparent 00-$trace_id-$parent-01 -> order $id"
  deadline=$((SECONDS + 30))
  until [[ "$(curl -fsS "$ORDER_URL/api/orders/$id" | json_get status)" != PENDING ]] || ((SECONDS >= deadline)); do
    sleep 0.2
  done
  # Spans are written to the log in batches, every few seconds.
  deadline=$((SECONDS + 20))
  until spans=$(span_lines "$trace_id") && grep -q "order-service.*process order-results-in" <<<"$spans" \
    && grep -q "inventory-service.*process orders-in" <<<"$spans" || ((SECONDS >= deadline)); do
    sleep 0.5
  done
  say "  trace $trace_id, its spans as each service logged them:"
  sed 's/^/    /' <<<"$spans"
  say "  and the log lines that carry it (Boot's log correlation):"
  grep -h "$trace_id" "$RUN_DIR/sample-order-service.log" "$RUN_DIR/sample-inventory-service.log" \
    | grep -v LoggingSpanExporter | cut -c1-220 | sed 's/^/    /'
}

# The spans of one trace from both logs (LoggingSpanExporter's lines): "service: 'span name' kind".
span_lines() {
  local module
  for module in order-service inventory-service; do
    grep -h "LoggingSpanExporter.*$1" "$RUN_DIR/sample-$module.log" \
      | sed -n "s/.*'\([^']*\)' : $1 [0-9a-f]* \([A-Z]*\).*/$module: \1 (\2)/p"
  done
}

# Prints "pending reserved rejected" for the demo's orders (one Python process asks for all of them).
count_states() {
  "$PYTHON" -c '
import json, sys, urllib.request
counts = {"PENDING": 0, "RESERVED": 0, "REJECTED": 0}
for order in sys.argv[2:]:
    with urllib.request.urlopen(sys.argv[1] + "/api/orders/" + order, timeout=5) as answer:
        counts[json.load(answer)["status"]] += 1
print(counts["PENDING"], counts["RESERVED"], counts["REJECTED"])' "$ORDER_URL" "${ORDERS[@]}"
}

stock_query() {
  local result
  result=$(curl -sS -o "$RUN_DIR/answer.json" -w '%{http_code} %{time_total}' "$ORDER_URL/api/stock/$1")
  printf '  GET /api/stock/%s -> HTTP %s in %d ms: %s\n' "$1" "${result% *}" \
    "$("$PYTHON" -c "print(round(${result#* } * 1000))")" "$(cat "$RUN_DIR/answer.json")"
}

# Counts the e-mails and SMS sent to the users of DOWN_EMAILS: "<e-mails> <SMS> <users with exactly one of each>".
notification_counts() {
  local email emails=0 texts=0 done=0 channels
  for email in "${DOWN_EMAILS[@]}"; do
    channels=$(curl -fsS "$INVENTORY_URL/api/notifications?email=$email" | "$PYTHON" -c '
import json, sys
sent = [n["channel"] for n in json.load(sys.stdin)]
print(sent.count("EMAIL"), sent.count("SMS"))' 2>/dev/null || echo "0 0")
    read -r e t <<<"$channels"
    emails=$((emails + e))
    texts=$((texts + t))
    if ((e == 1 && t == 1)); then done=$((done + 1)); fi
  done
  echo "$emails $texts $done"
}

demo() {
  local email result started answer_ms
  email="ada-$(date +%s)@example.com"

  say ""
  say "== 0. Bad input is refused with the field errors (and nothing is stored or sent)"
  result=$(post "$ORDER_URL/api/users" '{"name":"","email":"ada","phone":"12"}')
  say "  POST /api/users {\"name\":\"\",\"email\":\"ada\",\"phone\":\"12\"} -> HTTP ${result% *}"
  say "    $(cat "$RUN_DIR/answer.json")"
  result=$(post "$ORDER_URL/api/orders" '{"userId":42,"sku":"LAMP-1","quantity":0}')
  say "  POST /api/orders {\"userId\":42,\"sku\":\"LAMP-1\",\"quantity\":0} -> HTTP ${result% *}"
  say "    $(cat "$RUN_DIR/answer.json")"

  say ""
  say "== 1. Registration: the answer comes as soon as the account is stored"
  started=$(millis)
  result=$(post "$ORDER_URL/api/users" "{\"name\":\"Ada\",\"email\":\"$email\",\"phone\":\"+4412345678\"}")
  answer_ms=$(($(millis) - started))
  say "  POST /api/users -> HTTP ${result% *} in $answer_ms ms: $(cat "$RUN_DIR/answer.json")"
  USER_ID=$(json_get id <"$RUN_DIR/answer.json")
  say "  ... meanwhile inventory's two subscription groups, email and sms, send them:"
  local deadline=$((SECONDS + 15))
  until [[ "$(curl -fsS "$INVENTORY_URL/api/notifications?email=$email" | json_get 1.channel 2>/dev/null)" != "" ]] \
    || ((SECONDS >= deadline)); do
    sleep 0.2
  done
  curl -fsS "$INVENTORY_URL/api/notifications?email=$email" | "$PYTHON" -c '
import json, sys
answer = int(sys.argv[1])
sent = json.load(sys.stdin)
for n in sent:
    print("  %-5s to %-28s started %4d ms, sent %5d ms after the account was stored (%s)"
          % (n["channel"], n["recipient"], n["startedAfterMs"], n["finishedAfterMs"], n["worker"]))
if len(sent) == 2:
    a, b = sent
    parallel = a["startedAfterMs"] < b["finishedAfterMs"] and b["startedAfterMs"] < a["finishedAfterMs"]
    took = max(a["finishedAfterMs"], b["finishedAfterMs"]) - min(a["startedAfterMs"], b["startedAfterMs"])
    print("  Registration timings: answer %d ms; e-mail and SMS done after %d ms, %s (one after the other: %d ms)"
          % (answer, max(a["finishedAfterMs"], b["finishedAfterMs"]),
             "in parallel" if parallel else "NOT in parallel",
             (a["finishedAfterMs"] - a["startedAfterMs"]) + (b["finishedAfterMs"] - b["startedAfterMs"])))
else:
    print("  Expected an e-mail and an SMS, got %d" % len(sent))' "$answer_ms"

  say ""
  say "== 2. Orders while inventory is up (each is stored with its message in one transaction)"
  place_batch 1 6

  say ""
  say "== 3. Inventory crashes (kill -9 $INVENTORY_PID), right after those orders"
  kill -KILL "$INVENTORY_PID"
  wait "$INVENTORY_PID" 2>/dev/null || true
  read -r pending reserved rejected <<<"$(count_states)"
  say "  so far: $reserved reserved, $rejected rejected, $pending still pending"
  stock_query LAMP-1

  say ""
  say "== 4. More orders while inventory is down: all accepted at once"
  place_batch 7 16
  read -r pending reserved rejected <<<"$(count_states)"
  say "  so far: $reserved reserved, $rejected rejected, $pending pending"
  say "  the order service's outbox, from its /actuator/zmq: $(curl -fsS "$ORDER_URL/actuator/zmq" \
    | json_get outbox.orders-out 2>/dev/null || echo "(not available)")"
  say "  and 20 users register while inventory is down:"
  DOWN_EMAILS=()
  local i code
  for i in $(seq 1 20); do
    DOWN_EMAILS+=("grace-$i-$(date +%s)@example.com")
    result=$(post "$ORDER_URL/api/users" "{\"name\":\"Grace $i\",\"email\":\"${DOWN_EMAILS[-1]}\",\"phone\":\"+44123456$((10 + i))\"}")
    code=${result% *}
    [[ "$code" == 201 ]] || say "  registration $i: HTTP $code $(cat "$RUN_DIR/answer.json")"
  done
  say "  20 answered 201; the events wait in the order service's database, for each group, from its /actuator/zmq:"
  say "    email: $(curl -fsS "$ORDER_URL/actuator/zmq" | json_get topics.events.email 2>/dev/null || echo "(not available)")"
  say "    sms:   $(curl -fsS "$ORDER_URL/actuator/zmq" | json_get topics.events.sms 2>/dev/null || echo "(not available)")"

  say ""
  say "== 5. Inventory starts again"
  start_inventory
  await_up inventory-service "$INVENTORY_URL" "$INVENTORY_PID"
  say "  inventory is UP (PID $INVENTORY_PID); four more orders:"
  place_batch 17 20

  say ""
  say "== 6. Every order reaches a final state"
  local back_at
  back_at=$(millis)
  deadline=$((SECONDS + 60))
  local last=""
  while :; do
    read -r pending reserved rejected <<<"$(count_states)"
    if [[ "$pending $reserved $rejected" != "$last" ]]; then
      say "  pending $pending, reserved $reserved, rejected $rejected"
      last="$pending $reserved $rejected"
    fi
    if ((pending == 0)); then
      say "  all final $(($(millis) - back_at)) ms after the last order"
      break
    fi
    ((SECONDS >= deadline)) && break
    sleep 0.2
  done
  stock_query LAMP-1

  say ""
  say "== 7. The users who registered while inventory was down get their e-mail and SMS"
  deadline=$((SECONDS + 60))
  local counts
  while :; do
    counts=$(notification_counts)
    read -r emails texts users_done <<<"$counts"
    if ((users_done == ${#DOWN_EMAILS[@]})) || ((SECONDS >= deadline)); then
      break
    fi
    sleep 0.5
  done
  say "  $emails e-mails and $texts SMS for the ${#DOWN_EMAILS[@]} users, $(($(millis) - back_at)) ms after the last order"

  say ""
  say "== 8. One order, one trace: its HTTP request, the message to inventory, the reservation and the result back"
  trace_order
  say ""
  say "== Summary"
  local summary accepted=${#ORDERS[@]} processed records duplicates
  read -r pending reserved rejected <<<"$(count_states)"
  summary=$(curl -fsS "$INVENTORY_URL/api/reservations/summary")
  processed=$(json_get orders <<<"$summary")
  records=$(json_get records <<<"$summary")
  duplicates=$(json_get duplicates <<<"$summary")
  say "  accepted:   $accepted (all answered 201, $((accepted - 10)) with inventory up, 10 with inventory down)"
  say "  reserved:   $reserved"
  say "  rejected:   $rejected"
  for id in "${ORDERS[@]}"; do
    curl -fsS "$ORDER_URL/api/orders/$id" | "$PYTHON" -c '
import json, sys
o = json.load(sys.stdin)
if o["status"] == "REJECTED":
    print("              order %s: %s" % (o["id"], o["reason"]))'
  done
  say "  lost:       $pending (orders never answered by inventory)"
  say "  duplicates: $duplicates (inventory processed $processed orders in $records reservation rows)"
  say "  inventory:  $summary"
  say "  notifications for the ${#DOWN_EMAILS[@]} users registered while inventory was down: $emails e-mails and $texts SMS"
  if ((pending == 0 && duplicates == 0 && processed == accepted && reserved + rejected == accepted \
    && emails == ${#DOWN_EMAILS[@]} && texts == ${#DOWN_EMAILS[@]})); then
    say "  OK: every order accepted, none lost, none processed twice; every user registered while inventory was"
    say "      down got one e-mail and one SMS."
  else
    say "  UNEXPECTED: see target/samples/*.log"
    return 1
  fi
}

require_tools
check_ports
build
start_all
if [[ "$MODE" == demo ]]; then
  demo
else
  print_try
  # Wait here until Ctrl-C (the trap stops both), or until a service stops by itself.
  while kill -0 "$ORDER_PID" 2>/dev/null && kill -0 "$INVENTORY_PID" 2>/dev/null; do
    sleep 1
  done
  say "A service stopped by itself; see target/samples/*.log"
fi
