#!/bin/sh
# keep-running.sh DELAY COMMAND...: runs COMMAND and starts it again DELAY seconds after it exits,
# until this script gets SIGINT or SIGTERM (then it stops COMMAND and exits). `make run` runs the
# task worker with it; on a server, systemd does the same (deploy/xixiang-worker.service).
delay=$1
shift
child=""
stopping=""
stop() {
    stopping=1
    if [ -n "$child" ]; then
        kill -TERM "$child" 2>/dev/null
        wait "$child" 2>/dev/null
    fi
    exit 0
}
trap stop INT TERM
while :; do
    "$@" &
    child=$!
    wait "$child"
    status=$?
    child=""
    [ -n "$stopping" ] && exit 0
    echo "任务进程已退出（状态 $status），$delay 秒后重新启动 / the task worker exited (status $status); restarting in $delay s" >&2
    sleep "$delay" &
    wait $!
done
