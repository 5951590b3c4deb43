#!/usr/bin/env bats
# pm-fit-cluster: one fit over shards on three ssh hosts of our own (an sshd
# on loopback, with throwaway keys), equal to pm-fit over the whole table;
# a failing host, a damaged partial and a shard with another header stop it
# with a message naming the shard, and leave no model.

load helper

# An sshd on 127.0.0.1 answering for the hosts 127.0.0.2, .3 and .4 (an ssh
# config sends them all to its port); stopped by its PID in teardown_file.
setup_file() {
    command -v parallel >/dev/null || skip "GNU parallel is not installed"
    [ -x /usr/sbin/sshd ] || skip "openssh-server is not installed"
    SSHD_DIR=$(mktemp -d)
    export SSHD_DIR
    ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/host_key"
    ssh-keygen -q -t ed25519 -N '' -f "$SSHD_DIR/user_key"
    cp "$SSHD_DIR/user_key.pub" "$SSHD_DIR/authorized_keys"
    mkdir -p /run/sshd # sshd's privilege separation folder
    local port
    for port in $((40000 + $$ % 20000)) $((40001 + $$ % 20000)) $((40002 + $$ % 20000)); do
        cat >"$SSHD_DIR/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $SSHD_DIR/host_key
PidFile $SSHD_DIR/sshd.pid
AuthorizedKeysFile $SSHD_DIR/authorized_keys
PermitRootLogin yes
StrictModes no
UsePAM no
PasswordAuthentication no
CONF
        /usr/sbin/sshd -f "$SSHD_DIR/sshd_config" -E "$SSHD_DIR/sshd.log" || continue
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            [ -s "$SSHD_DIR/sshd.pid" ] && break
            sleep 0.2
        done
        [ -s "$SSHD_DIR/sshd.pid" ] && break
    done
    [ -s "$SSHD_DIR/sshd.pid" ] || { cat "$SSHD_DIR/sshd.log" >&3; return 1; }
    cat >"$SSHD_DIR/ssh_config" <<CONF
Host 127.0.0.2 127.0.0.3 127.0.0.4
    HostName 127.0.0.1
    Port $port
    IdentityFile $SSHD_DIR/user_key
    UserKnownHostsFile /dev/null
    StrictHostKeyChecking no
    BatchMode yes
    LogLevel ERROR
CONF
    export PM_SSH="ssh -F $SSHD_DIR/ssh_config"
    export PM_FIT_REMOTE="$PM_BIN/pm-fit"
    export SOURCE_DATE_EPOCH=0
    $PM_SSH 127.0.0.2 true
}

teardown_file() {
    [ -n "${SSHD_DIR:-}" ] || return 0
    [ -s "$SSHD_DIR/sshd.pid" ] && kill "$(cat "$SSHD_DIR/sshd.pid")"
    rm -rf "$SSHD_DIR"
}

# shards: the reference training table in three shards of its rows,
# s1.tsv to s3.tsv, and the list naming a host for each (shards.list).
shards() {
    head -n 1 "$REF/train.tsv" | tee s1.tsv s2.tsv >s3.tsv
    sed -n '2,1301p' "$REF/train.tsv" >>s1.tsv
    sed -n '1302,2801p' "$REF/train.tsv" >>s2.tsv
    sed -n '2802,$p' "$REF/train.tsv" >>s3.tsv
    printf '127.0.0.%s\t%s\n' 2 "$TMP/s1.tsv" 3 "$TMP/s2.tsv" 4 "$TMP/s3.tsv" >shards.list
}

# numbers MODEL: every number in the model, by its path (but the gradient
# norm: the residual at the optimum, made of rounding).
numbers() {
    jq -r 'del(.training.gradient_norm) | paths(numbers) as $p | "\($p | tostring)\t\(getpath($p))"' "$1"
}

# assert_models_near A B TOL: the same numbers at the same paths, within TOL
# relative.
assert_models_near() {
    paste <(numbers "$1") <(numbers "$2") | awk -F'\t' -v t="$3" '
        $1 != $3 { print "paths differ: " $1 " " $3; bad++; next }
        { n++; d = $2 - $4; if (d < 0) d = -d; m = $4 < 0 ? -$4 : $4
          if (d > t * m) { print $1 ": " $2 " vs " $4; bad++ } }
        END { if (bad || n < 40) exit 1 }' || fail "the models differ"
}

@test "three ssh hosts give one pm-fit's model over the whole table, to 1e-12, own data options too" {
    # the table with missing values spelled NA: filled, with indicators, and
    # the most frequent levels as references, as in one pm-fit
    awk -F'\t' -v OFS='\t' 'NR > 1 { for (i = 1; i <= NF; i++) if ($i == "") $i = "NA" } { print }' \
        "$REF/train_missing.tsv" >na.tsv
    head -n 1 na.tsv | tee s1.tsv s2.tsv >s3.tsv
    sed -n '2,1301p' na.tsv >>s1.tsv
    sed -n '1302,2801p' na.tsv >>s2.tsv
    sed -n '2802,$p' na.tsv >>s3.tsv
    printf '127.0.0.%s\t%s\n' 2 "$TMP/s1.tsv" 3 "$TMP/s2.tsv" 4 "$TMP/s3.tsv" >shards.list
    local opts=(--exclude account_id --impute mean --reference frequent --na NA)
    pm-fit-cluster "${opts[@]}" -o cluster.json shards.list
    pm-fit "${opts[@]}" -o one.json na.tsv
    assert_models_near cluster.json one.json 1e-12
    [ "$(jq .training.rows cluster.json)" = 4000 ]
    local shape='[.features[] | [.name, .reference, .indicator, (.fill != null)]]'
    assert_equal "$(jq -c "$shape" cluster.json)" "$(jq -c "$shape" one.json)"
    [ "$(jq '[.features[] | select(.indicator)] | length' cluster.json)" = 4 ]
}

@test "the same shard list gives the same bytes however the hosts are assigned" {
    shards
    pm-fit-cluster --exclude account_id -o a.json shards.list
    printf '127.0.0.%s\t%s\n' 4 "$TMP/s1.tsv" 4 "$TMP/s2.tsv" 2 "$TMP/s3.tsv" >other.list
    pm-fit-cluster --exclude account_id -o b.json other.list
    printf ':\t%s\n' "$TMP/s1.tsv" "$TMP/s2.tsv" "$TMP/s3.tsv" >local.list
    pm-fit-cluster --exclude account_id -o c.json local.list
    jq -S 'del(.training.input)' a.json >a
    jq -S 'del(.training.input)' b.json >b
    jq -S 'del(.training.input)' c.json >c
    cmp a b
    cmp a c
}

@test "a host whose shard fails stops the fit, naming host and shard, and writes no model" {
    shards
    printf '127.0.0.3\t%s\n' "$TMP/missing.tsv" >>shards.list
    run -1 --separate-stderr pm-fit-cluster --exclude account_id -o model.json shards.list
    assert_equal "${stderr_lines[0]}" "pm-fit-cluster: host 127.0.0.3: shard $TMP/missing.tsv: pm-fit --reduce exited 1"
    assert_equal "${stderr_lines[1]}" "  pm-fit: $TMP/missing.tsv: No such file or directory"
    assert_equal "${stderr_lines[2]}" "pm-fit: the pass over the shards failed (the pass command exited 1); no model written"
    [ ! -e model.json ]
}

@test "a truncated partial stops the fit, naming its shard, and writes no model" {
    shards
    # the pm-fit on the hosts cuts the second shard's answer short
    cat >short-fit <<SH
#!/bin/sh
case " \$* " in *" --shard 2 "*) "$PM_BIN/pm-fit" "\$@" | head -c 60; exit 0 ;; esac
exec "$PM_BIN/pm-fit" "\$@"
SH
    chmod +x short-fit
    PM_FIT_REMOTE=$TMP/short-fit run -1 --separate-stderr pm-fit-cluster --exclude account_id -o model.json shards.list
    assert_equal "$stderr" "pm-fit: 127.0.0.3:$TMP/s2.tsv:2: truncated (a line without its end)"
    [ ! -e model.json ]
}

@test "a damaged number in a partial stops the fit, naming its shard" {
    shards
    cat >bad-fit <<SH
#!/bin/sh
case " \$* " in *" --shard 3 "*) "$PM_BIN/pm-fit" "\$@" | sed '3s/\t[0-9]/\tx/'; exit 0 ;; esac
exec "$PM_BIN/pm-fit" "\$@"
SH
    chmod +x bad-fit
    PM_FIT_REMOTE=$TMP/bad-fit run -1 --separate-stderr pm-fit-cluster --exclude account_id -o model.json shards.list
    assert_equal "$stderr" "pm-fit: 127.0.0.4:$TMP/s3.tsv:3: a field that is not a count (a damaged file?)"
    [ ! -e model.json ]
}

@test "a shard with another header stops the fit, naming it, and writes no model" {
    shards
    awk -F'\t' -v OFS='\t' '{ $19 = NR == 1 ? "extra" : 1; print }' s3.tsv >x && mv x s3.tsv
    run -1 --separate-stderr pm-fit-cluster --exclude account_id -o model.json shards.list
    assert_equal "$stderr" "pm-fit: 127.0.0.4:$TMP/s3.tsv: another header than 127.0.0.2:$TMP/s1.tsv's"
    [ ! -e model.json ]
}
