#!/usr/bin/env bash
# Creates the private certificate authority and the node certificates of the KurrentDB cluster
# that compose.yaml runs, with openssl (1.1.1 or newer):
#
#   deploy/compose/certs.sh [--dir DIR] [--nodes "kurrentdb-1 kurrentdb-2 kurrentdb-3"]
#                           [--alias kurrentdb] [--days N] [--force]
#
#   DIR (default deploy/compose/certs) then holds
#     ca/ca.crt              the CA certificate: the nodes and the ledger apps trust it
#     ca.key                 the CA private key: only needed to issue certificates; keep it offline
#     <node>/node.crt, .key  one certificate per node, for the names <node>, the alias (the name
#                            clients discover the cluster by), localhost and 127.0.0.1
#
# Every node certificate has the same subject (CN=kurrentdb-node, which compose.yaml sets as
# KURRENTDB_CERTIFICATE_RESERVED_NODE_COMMON_NAME): nodes accept each other by it. Both server and
# client authentication are allowed, since nodes connect to each other with these certificates.
# An existing CA is kept and existing node certificates are left alone, unless --force.
#
# The KurrentDB image runs as uid 1000: run this script as that user, or as root (it then hands
# the keys to uid 1000); otherwise it prints the chown to run.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
DIR="$HERE/certs"
NODES="kurrentdb-1 kurrentdb-2 kurrentdb-3"
ALIAS="kurrentdb"
DAYS=825
CA_DAYS=3650
FORCE=0
NODE_CN="kurrentdb-node"
KURRENTDB_UID=1000

say() { echo "certs.sh: $*" >&2; }
die() { say "$*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
    --nodes) NODES=${2:?--nodes needs a value}; shift 2 ;;
    --alias) ALIAS=${2:?--alias needs a value}; shift 2 ;;
    --days) DAYS=${2:?--days needs a value}; shift 2 ;;
    --force) FORCE=1; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

command -v openssl >/dev/null 2>&1 || die "openssl is required"
umask 077
mkdir -p "$DIR/ca"

if [ "$FORCE" = 1 ] || [ ! -s "$DIR/ca.key" ] || [ ! -s "$DIR/ca/ca.crt" ]; then
  say "creating the CA in $DIR/ca"
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "$DIR/ca.key" 2>/dev/null
  openssl req -x509 -new -sha256 -days "$CA_DAYS" -key "$DIR/ca.key" \
    -subj "/O=Coordination Ledger/CN=Coordination Ledger KurrentDB CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$DIR/ca/ca.crt"
  FORCE=1 # a new CA invalidates every node certificate
else
  say "keeping the CA in $DIR/ca"
fi

for node in $NODES; do
  out="$DIR/$node"
  if [ "$FORCE" != 1 ] && [ -s "$out/node.crt" ] && [ -s "$out/node.key" ]; then
    say "keeping $out"
    continue
  fi
  say "issuing $out for $node, $ALIAS, localhost and 127.0.0.1"
  mkdir -p "$out"
  extensions=$(mktemp)
  cat >"$extensions" <<EOF
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:$node, DNS:$ALIAS, DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid, issuer
EOF
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$out/node.key" 2>/dev/null
  openssl req -new -key "$out/node.key" -subj "/O=Coordination Ledger/CN=$NODE_CN" -out "$out/node.csr"
  openssl x509 -req -sha256 -days "$DAYS" -in "$out/node.csr" \
    -CA "$DIR/ca/ca.crt" -CAkey "$DIR/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -extfile "$extensions" -out "$out/node.crt" 2>/dev/null
  rm -f "$out/node.csr" "$extensions"
  openssl verify -CAfile "$DIR/ca/ca.crt" "$out/node.crt" >/dev/null || die "$out/node.crt does not verify"
done

# Certificates are public; the keys are readable by their owner only.
find "$DIR" -type d -exec chmod 755 {} +
find "$DIR" -name '*.crt' -exec chmod 644 {} +
find "$DIR" -name '*.key' -exec chmod 600 {} +
if [ "$(id -u)" = 0 ]; then
  for node in $NODES; do chown "$KURRENTDB_UID:$KURRENTDB_UID" "$DIR/$node/node.key"; done
elif [ "$(id -u)" != "$KURRENTDB_UID" ]; then
  say "the KurrentDB containers run as uid $KURRENTDB_UID and cannot read the node keys yet; run:"
  say "  sudo chown $KURRENTDB_UID:$KURRENTDB_UID$(for node in $NODES; do printf ' %s' "$DIR/$node/node.key"; done)"
fi
say "done: trust $DIR/ca/ca.crt; keep $DIR/ca.key out of every container"
