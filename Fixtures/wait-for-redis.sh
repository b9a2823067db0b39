# Sourced by the fixture scripts: wait_for_redis PORT waits (up to 10 s) until a server
# answers PING on PORT, or exits the script.
wait_for_redis() {
    local i=0
    until redis-cli -p "$1" ping > /dev/null 2>&1; do
        i=$((i + 1))
        if [ $i -gt 100 ]; then echo "redis-server did not start" >&2; exit 1; fi
        sleep 0.1
    done
}
