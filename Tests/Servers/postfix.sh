#!/usr/bin/env bash
# A real Postfix + Dovecot SASL for the probe tests, on 127.0.0.1 only, on free unprivileged ports.
#
#   Tests/Servers/postfix.sh start DIR   configures and starts both in DIR (which must not exist yet, or be
#                                        empty), then prints `export NAME=value` lines for the tests
#   Tests/Servers/postfix.sh stop DIR    stops both by their own commands / PID files
#
# Everything lives in DIR: throwaway certificates (ca.pem, server.pem/.key), the passwd-file user, the queue,
# the Maildir of admin@probe.test (DIR/mail/admin/new), Postfix's log (DIR/maillog, `maillog_file`) and
# Dovecot's. Nothing leaves the machine: mail for any other domain is discarded.
#
# Services (each on its own port, exported as BOMNIPOTENT_POSTFIX_<NAME>_PORT):
#   SUBMISSION   587-style: STARTTLS required (encrypt), smtpd_tls_auth_only=yes,
#                smtpd_client_restrictions=permit_sasl_authenticated,reject (decided at RCPT)
#   SUBMISSIONS  465-style: implicit TLS (wrapper mode), same restrictions
#   LOGIN        like SUBMISSION, but only AUTH LOGIN is offered
#   GREETING421  answers every connection with a 421 greeting
#   TEMPFAIL     plain SMTP; MAIL FROM gets 450 from a check_sender_access map (smtpd_delay_reject=no)
#   FOOTER       like SUBMISSION, with a multi-line smtpd_reject_footer
set -euo pipefail

command=${1:?usage: postfix.sh start|stop DIR}
dir=${2:?usage: postfix.sh start|stop DIR}

stop() {
  if [ -f "$dir/postfix/main.cf" ]; then
    postfix -c "$dir/postfix" stop >/dev/null 2>&1 || true
    # postfix stop returns before master has exited; wait for it so nothing is left running.
    local pid_file="$dir/queue/pid/master.pid"
    for _ in $(seq 1 50); do
      [ -f "$pid_file" ] && kill -0 "$(tr -d ' ' < "$pid_file")" 2>/dev/null || break
      sleep 0.1
    done
  fi
  if [ -f "$dir/dovecot/run/master.pid" ]; then
    local pid
    pid=$(cat "$dir/dovecot/run/master.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

certificates() {
  local tls=$dir/tls
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=BOMnipotent Postfix Test CA" \
    -keyout "$tls/ca.key" -out "$dir/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\n' > "$tls/ext.cnf"
  openssl x509 -req -in "$tls/server.csr" -CA "$dir/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
    -extfile "$tls/ext.cnf" -out "$tls/server.pem" 2>/dev/null
  chmod 600 "$tls/server.key" "$tls/ca.key"
}

dovecot_config() {
  local secret=$1
  mkdir -p "$dir/dovecot/run" "$dir/dovecot/state"
  printf '%s:{PLAIN}%s::::::\n' "$user" "$secret" > "$dir/dovecot/passwd"
  chown root:dovecot "$dir/dovecot/passwd"
  chmod 640 "$dir/dovecot/passwd"
  cat > "$dir/dovecot/dovecot.conf" <<EOF
protocols =
base_dir = $dir/dovecot/run
state_dir = $dir/dovecot/state
log_path = $dir/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $dir/dovecot/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=/nonexistent
}
service auth {
  unix_listener $dir/queue/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF
}

postfix_config() {
  local pf=$dir/postfix
  mkdir -p "$pf" "$dir/queue/private" "$dir/data" "$dir/mail"
  chown postfix "$dir/queue/private" "$dir/data"
  chown nobody:nogroup "$dir/mail"
  printf '/^/ 421 4.7.0 Service temporarily unavailable, try again later\n' > "$pf/client_421.regexp"
  printf '/^/ 450 4.3.2 Try again later\n' > "$pf/sender_450.regexp"
  cat > "$pf/main.cf" <<EOF
compatibility_level = 3.6
queue_directory = $dir/queue
data_directory = $dir/data
meta_directory = /etc/postfix
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
maillog_file = $dir/maillog
maillog_file_prefixes = $dir
myhostname = mail.probe.test
mydomain = probe.test
myorigin = probe.test
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
biff = no
default_transport = discard:nothing leaves the test server
relay_transport = discard:nothing leaves the test server
virtual_mailbox_domains = probe.test
virtual_mailbox_base = $dir/mail
virtual_mailbox_maps = inline:{ admin@probe.test=admin/ }
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
smtpd_tls_chain_files = $dir/tls/server.key, $dir/tls/server.pem
smtpd_tls_security_level = may
smtpd_sasl_type = dovecot
smtpd_sasl_path = private/auth
EOF
  local submission="-o smtpd_tls_security_level=encrypt -o smtpd_sasl_auth_enable=yes -o smtpd_tls_auth_only=yes
  -o smtpd_client_restrictions=permit_sasl_authenticated,reject"
  cat > "$pf/master.cf" <<EOF
${ports[SUBMISSION]} inet n - n - - smtpd -o syslog_name=postfix/submission $submission
${ports[SUBMISSIONS]} inet n - n - - smtpd -o syslog_name=postfix/submissions -o smtpd_tls_wrappermode=yes
  -o smtpd_sasl_auth_enable=yes -o smtpd_client_restrictions=permit_sasl_authenticated,reject
${ports[LOGIN]} inet n - n - - smtpd -o syslog_name=postfix/login $submission -o smtpd_sasl_mechanism_filter=login
${ports[GREETING421]} inet n - n - - smtpd -o syslog_name=postfix/greeting421 -o smtpd_delay_reject=no
  -o smtpd_client_restrictions=check_client_access,regexp:$pf/client_421.regexp
${ports[TEMPFAIL]} inet n - n - - smtpd -o syslog_name=postfix/tempfail -o smtpd_delay_reject=no
  -o smtpd_sender_restrictions=check_sender_access,regexp:$pf/sender_450.regexp
${ports[FOOTER]} inet n - n - - smtpd -o syslog_name=postfix/footer $submission
  -o { smtpd_reject_footer = For help, write to postmaster@probe.test. }
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
tlsmgr    unix  -       -       n       1000?   1       tlsmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
proxywrite unix -       -       n       -       1       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

start() {
  for tool in postfix dovecot openssl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "postfix.sh: $tool is not installed" >&2; exit 1; }
  done
  mkdir -p "$dir"
  chmod 755 "$dir"
  user=alice@probe.test
  local secret
  secret="pf-marker-$(openssl rand -hex 8)"
  declare -gA ports
  for name in SUBMISSION SUBMISSIONS LOGIN GREETING421 TEMPFAIL FOOTER; do ports[$name]=$(free_port); done
  certificates
  postfix_config
  dovecot_config "$secret"
  dovecot -c "$dir/dovecot/dovecot.conf" || { stop; exit 1; }
  postfix -c "$dir/postfix" start >"$dir/start.log" 2>&1 || { cat "$dir/start.log" "$dir/maillog" >&2; stop; exit 1; }
  for name in "${!ports[@]}"; do
    for _ in $(seq 1 50); do
      (exec 3<>"/dev/tcp/127.0.0.1/${ports[$name]}") 2>/dev/null && break
      sleep 0.1
    done
  done
  echo "export BOMNIPOTENT_POSTFIX_DIR='$dir'"
  echo "export BOMNIPOTENT_POSTFIX_USER='$user'"
  echo "export BOMNIPOTENT_POSTFIX_SECRET='$secret'"
  for name in "${!ports[@]}"; do echo "export BOMNIPOTENT_POSTFIX_${name}_PORT=${ports[$name]}"; done
}

case "$command" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: postfix.sh start|stop DIR" >&2; exit 64 ;;
esac
