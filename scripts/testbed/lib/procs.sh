# Processes by recorded PID: start with start-stop-daemon, check, stop. Never by name.
# $RUN_DIR/NAME.pid holds the PID; $RUN_DIR/NAME.match what its cmdline must contain.

proc_pid() { [[ -f $RUN_DIR/$1.pid ]] && tr -dc 0-9 <"$RUN_DIR/$1.pid"; }

proc_alive() { # our recorded PID for NAME runs and still runs the command we started
  local pid match
  pid=$(proc_pid "$1") || return 1
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  match=$(cat "$RUN_DIR/$1.match" 2>/dev/null) || return 1
  [[ -n $match ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$match"
}

svc_answers() { # the service's port (if any) answers
  svc_define "$1" || return 1
  [[ -z $SVC_PORT ]] && return 0
  if [[ $SVC_HTTP == 1 ]]; then http_answers "$SVC_PORT"; else port_open "$SVC_PORT"; fi
}

proc_start() { # proc_start NAME: start it in the background, record its PID
  local name=$1
  svc_define "$name" || die "unknown service $name"
  mkdir -p "$RUN_DIR" "$(dirname "$SVC_LOG")"
  touch "$SVC_LOG" && chown "$SVC_USER" "$SVC_LOG"
  rm -f "$RUN_DIR/$name.pid"   # stale: proc_alive said it is not ours any more
  printf '%s\n' "$SVC_MATCH" >"$RUN_DIR/$name.match"
  printf '\n==== testbed start %s ====\n' "$(date -u +%FT%TZ)" >>"$SVC_LOG"
  start-stop-daemon --start --background --make-pidfile --pidfile "$RUN_DIR/$name.pid" \
    --chuid "$SVC_USER" --chdir "$SVC_HOME" --output "$SVC_LOG" \
    --startas /usr/bin/env -- HOME="$SVC_HOME" "${SVC_ENV[@]}" "${SVC_ARGV[@]}" \
    || die "start-stop-daemon could not start $name (see $SVC_LOG)"
  log "started $name (pid $(proc_pid "$name"), log $SVC_LOG)"
}

pid_running() { # alive and not a zombie waiting for a parent that may never reap it
  local st
  st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [[ -n $st && $st != Z ]]
}

proc_stop() { # proc_stop NAME [KILL]: SIGTERM our recorded PID, wait, SIGKILL as a fallback
  local name=$1 sig=${2:-TERM} pid i
  pid=$(proc_pid "$name") || return 0
  if ! proc_alive "$name"; then
    [[ -n $pid && -d /proc/$pid ]] && log "$name: PID $pid now runs something else; leaving it alone"
    rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.match"
    return 0
  fi
  kill "-$sig" "$pid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do   # 30 s: rabbitmq and mariadb flush on the way down
    pid_running "$pid" || break
    sleep 0.1
  done
  if pid_running "$pid" && proc_alive "$name"; then
    log "$name (pid $pid) ignored SIGTERM for 30 s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$RUN_DIR/$name.pid" "$RUN_DIR/$name.match"
  log "stopped $name (pid $pid)"
}

ensure_started() { # ensure_started NAME: start unless our process runs; 0 if it was started now
  if proc_alive "$1"; then return 1; fi
  proc_start "$1"
}

wait_answers() { # wait_answers TIMEOUT NAME...: until each one's port answers and its PID lives
  local timeout=$1 start=$EPOCHREALTIME name pending; shift
  while :; do
    pending=()
    for name in "$@"; do
      if [[ -f $RUN_DIR/$name.pid ]] && ! proc_alive "$name"; then
        svc_define "$name"; die "$name exited during start-up; last lines of $SVC_LOG:
$(tail -n 15 "$SVC_LOG")"
      fi
      svc_answers "$name" || pending+=("$name")
    done
    ((${#pending[@]} == 0)) && return 0
    if awk -v a="$start" -v b="$EPOCHREALTIME" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
      die "timed out after ${timeout}s waiting for: ${pending[*]}"
    fi
    sleep 0.3
  done
}
