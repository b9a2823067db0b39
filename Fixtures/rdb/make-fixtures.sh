#!/bin/sh
# Regenerates the RDB fixtures with a real redis-server 7.0 (and redis-cli on PATH).
# Content is fixed; only ctime, used-mem, the checksums and the "past" expiry (set a
# second before the save) change between runs.
#
#   types.rdb        db 0: every value type in every encoding Redis 7.0 writes
#                    (string int/embstr/raw/LZF/binary/empty, list small/ints/long
#                    elements/big multi-node, set intset 16/32/64 and hashtable, hash
#                    listpack and hashtable, zset listpack and skiplist)
#   expiry.rdb       db 0: keys expiring in 2100 (far future), one already expired
#                    when the file was written, one without TTL
#   multidb.rdb      keys in db 0, 3 and 15
#   list-config.rdb  list-max-listpack-size 16 and list-compress-depth 1: count-split
#                    nodes, inner ones LZF-compressed quicklist nodes
#   list-plain.rdb   a PLAIN quicklist node (packed threshold lowered with DEBUG)
#   uncompressed.rdb rdbcompression no, rdbchecksum no: no LZF strings, CRC field 0
#   dumps.txt        "key<TAB>hex" DUMP payloads of every key of types.rdb
#   digests.txt      "file<TAB>db<TAB>key<TAB>hex": DEBUG DIGEST-VALUE of every key of
#                    every file once loaded, and DEBUG DIGEST (key "*", db "*")
#
# Usage: Fixtures/rdb/make-fixtures.sh [port]   (default port 6404)
set -eu

PORT=${1:-6404}
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../wait-for-redis.sh"
WORK=$(mktemp -d)
PID=""

cleanup() {
    if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

cli() { redis-cli -p "$PORT" "$@" > /dev/null; }

# start <extra redis-server arguments...>: a fresh, empty server on $PORT.
start() {
    rm -f "$WORK/dump.rdb"
    redis-server --port "$PORT" --save "" --appendonly no --dir "$WORK" \
        --enable-debug-command local --logfile "$WORK/server.log" "$@" &
    PID=$!
    wait_for_redis "$PORT"
}

# finish <name>: SAVE, copy the file, stop the server.
finish() {
    cli save
    cp "$WORK/dump.rdb" "$HERE/$1"
    redis-cli -p "$PORT" shutdown nosave > /dev/null 2>&1 || true
    wait "$PID" 2>/dev/null || true
    PID=""
}

# --- types.rdb ---------------------------------------------------------------
start
cli set string:int 12345
cli set string:int8 -128
cli set string:int16 30000
cli set string:int32 -2000000000
cli set string:int64 9007199254740993
cli set string:embstr "hello world"
cli set string:raw "The quick brown fox jumps over the lazy dog, 0123456789!"
cli set string:lzf "$(printf 'abc%.0s' $(seq 1 100))"
cli set string:empty ""
printf 'a\000b\377\r\n' | redis-cli -p "$PORT" -x set string:binary > /dev/null
cli rpush list:small a b c 1 2 -3 ""
cli rpush list:ints 0 127 128 -4096 4095 -4097 32767 -32768 8388607 -8388608 \
    2147483647 -2147483648 9223372036854775807 -9223372036854775808 007
cli rpush list:long "$(printf 'x%.0s' $(seq 1 100))" "$(printf 'y%.0s' $(seq 1 5000))"
seq 1 3000 | sed 's/^/element-/' | tr '\n' ' ' | xargs redis-cli -p "$PORT" rpush list:big > /dev/null
cli sadd set:intset16 1 2 3
cli sadd set:intset32 1 -5 100000
cli sadd set:intset64 1 5000000000
cli sadd set:hashtable apple banana cherry 1
seq 0 599 | tr '\n' ' ' | xargs redis-cli -p "$PORT" sadd set:big > /dev/null
cli hset hash:listpack name Alice age 30 city Paris
cli hset hash:hashtable short v long "$(printf 'v%.0s' $(seq 1 100))"
seq 1 600 | sed 's/.*/f& v&/' | tr '\n' ' ' | xargs redis-cli -p "$PORT" hset hash:big > /dev/null
cli zadd zset:listpack 1 one 2.5 two -inf neg +inf pos 0 zero -3 minus 1e20 big 0.1 tenth
seq 1 200 | sed 's/.*/& m&/' | tr '\n' ' ' | xargs redis-cli -p "$PORT" zadd zset:skiplist > /dev/null
cli zadd zset:longmember 1 "$(printf 'm%.0s' $(seq 1 100))" 2 short
# dumps.txt: every key DUMPed before the save, so hash tables iterate in file order.
: > "$WORK/dumps.txt"
for key in $(redis-cli -p "$PORT" --scan | sort); do
    hex=$(redis-cli -p "$PORT" --raw dump "$key" | xxd -p | tr -d '\n' | sed 's/0a$//')
    printf '%s\t%s\n' "$key" "$hex" >> "$WORK/dumps.txt"
done
cp "$WORK/dumps.txt" "$HERE/dumps.txt"
finish types.rdb

# --- expiry.rdb --------------------------------------------------------------
start
cli debug set-active-expire 0
cli set expire:future v
cli pexpireat expire:future 4102444800000
cli hset expire:future-hash f v
cli pexpireat expire:future-hash 4102444800123
cli set expire:past gone
cli pexpire expire:past 200
cli set persistent here
sleep 1
finish expiry.rdb

# --- multidb.rdb -------------------------------------------------------------
start
cli -n 0 set a 1
cli -n 3 rpush b x y
cli -n 15 hset c f v
cli -n 15 set d "in db 15"
finish multidb.rdb

# --- list-config.rdb ---------------------------------------------------------
start --list-max-listpack-size 16 --list-compress-depth 1
seq 1 200 | sed 's/^/item-/' | tr '\n' ' ' | xargs redis-cli -p "$PORT" rpush list:nodes > /dev/null
finish list-config.rdb

# --- list-plain.rdb ----------------------------------------------------------
start
cli debug quicklist-packed-threshold 100
cli rpush list:plain small "$(printf 'p%.0s' $(seq 1 150))" tail
finish list-plain.rdb

# --- uncompressed.rdb --------------------------------------------------------
start --rdbcompression no --rdbchecksum no
cli set string:lzf "$(printf 'abc%.0s' $(seq 1 100))"
cli rpush list:small a b c
finish uncompressed.rdb

# --- digests.txt -------------------------------------------------------------
: > "$WORK/digests.txt"
for file in types.rdb expiry.rdb multidb.rdb list-config.rdb list-plain.rdb uncompressed.rdb; do
    start --dbfilename "$file" --dir "$HERE"
    printf '%s\t*\t*\t%s\n' "$file" "$(redis-cli -p "$PORT" debug digest)" >> "$WORK/digests.txt"
    for db in $(redis-cli -p "$PORT" info keyspace | sed -n 's/^db\([0-9]*\):.*/\1/p'); do
        for key in $(redis-cli -p "$PORT" -n "$db" --scan | sort); do
            d=$(redis-cli -p "$PORT" -n "$db" debug digest-value "$key")
            printf '%s\t%s\t%s\t%s\n' "$file" "$db" "$key" "$d" >> "$WORK/digests.txt"
        done
    done
    redis-cli -p "$PORT" shutdown nosave > /dev/null 2>&1 || true
    wait "$PID" 2>/dev/null || true
    PID=""
done
cp "$WORK/digests.txt" "$HERE/digests.txt"

echo "fixtures written to $HERE"
