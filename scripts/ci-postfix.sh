#!/usr/bin/env bash
# Installs and starts Postfix from Debian as a local-only MTA that delivers to Maildir, for the SMTP test.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! command -v postfix >/dev/null; then
  printf '%s\n' "postfix postfix/main_mailer_type select Local only" "postfix postfix/mailname string sokuho-ci.localhost" | debconf-set-selections
  apt-get install -y -qq postfix >/dev/null
fi
postconf -e "inet_interfaces = loopback-only" "home_mailbox = Maildir/" "mydestination = localhost, localhost.localdomain, sokuho-ci.localhost" \
  "smtpd_banner = sokuho-ci ESMTP" "maillog_file = /var/log/postfix.log" \
  "recipient_delimiter = +"
# recipient_delimiter: the contact network's tests send to root+<tag>@localhost and count each tag at the Maildir
# (Delivered-To); maillog_file is also what the delivery worker reads after a crash (SOKUHO_SMTP_ACCEPT_LOG).
postfix status >/dev/null 2>&1 && postfix reload >/dev/null 2>&1 || postfix start >/dev/null 2>&1
for _ in $(seq 1 20); do (exec 3<>/dev/tcp/127.0.0.1/25) 2>/dev/null && exit 0; sleep 0.5; done
echo "postfix did not start" >&2; exit 1
