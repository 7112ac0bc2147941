# The service table: how each process of the bed is started and checked.
# svc_define NAME sets:
#   SVC_USER   user it runs as          SVC_HOME  its HOME
#   SVC_ARGV   command line (array)     SVC_LOG   start-stop-daemon --output file
#   SVC_MATCH  text /proc/PID/cmdline must contain for down to trust the PID file
#   SVC_PORT   TCP port it answers on (empty: none)   SVC_HTTP 1 if that port speaks HTTP
#   SVC_ENV    extra VAR=value for its environment (array)

uwsgi_bin() {
  local b
  for b in /usr/bin/uwsgi_python3 /usr/bin/uwsgi_python311; do [[ -x $b ]] && { echo "$b"; return; }; done
  echo /usr/bin/uwsgi_python3
}

svc_define() {
  local name=$1 n
  SVC_PORT="" SVC_HTTP=0 SVC_ARGV=() SVC_ENV=()
  case $name in
    mariadb)
      SVC_USER=mysql SVC_HOME=/var/lib/mysql SVC_PORT=3306 SVC_MATCH=mariadbd
      SVC_LOG=/var/log/mysql/testbed-mariadb.log
      SVC_ARGV=(/usr/sbin/mariadbd --bind-address=127.0.0.1 --port=3306
        --socket=/run/mysqld/mysqld.sock --max-connections=2000
        --innodb-flush-log-at-trx-commit=2 --skip-name-resolve) ;;
    epmd)
      SVC_USER=rabbitmq SVC_HOME=/var/lib/rabbitmq SVC_PORT=4369 SVC_MATCH=epmd
      SVC_LOG=/var/log/rabbitmq/testbed-epmd.log
      SVC_ARGV=(/usr/bin/epmd -address 127.0.0.1) ;;
    rabbitmq)
      SVC_USER=rabbitmq SVC_HOME=/var/lib/rabbitmq SVC_PORT=5672 SVC_MATCH=rabbitmq-server
      SVC_LOG=/var/log/rabbitmq/testbed-rabbitmq.log
      SVC_ARGV=(/usr/lib/rabbitmq/bin/rabbitmq-server) ;;
    keystone)   svc_uwsgi "$name" keystone 5000 ;;
    placement)  svc_uwsgi "$name" placement 8778 ;;
    glance)     svc_uwsgi "$name" glance 9292 ;;
    nova-api)   svc_uwsgi "$name" nova 8774 ;;
    cinder-api) svc_uwsgi "$name" cinder 8776 ;;
    neutron-server)
      SVC_USER=neutron SVC_HOME=/var/lib/neutron SVC_PORT=9696 SVC_HTTP=1 SVC_MATCH=neutron-server
      SVC_LOG=/var/log/neutron/testbed-neutron-server.log
      SVC_ARGV=(/usr/bin/neutron-server --config-file /etc/neutron/neutron.conf
        --config-file /etc/neutron/plugins/ml2/ml2_conf.ini) ;;
    nova-conductor | nova-scheduler)
      SVC_USER=nova SVC_HOME=/var/lib/nova SVC_MATCH=$name
      SVC_LOG=/var/log/nova/testbed-$name.log
      SVC_ARGV=(/usr/bin/$name --config-file /etc/nova/nova.conf) ;;
    cinder-scheduler | cinder-volume)
      SVC_USER=cinder SVC_HOME=/var/lib/cinder SVC_MATCH=$name
      SVC_LOG=/var/log/cinder/testbed-$name.log
      SVC_ARGV=(/usr/bin/$name --config-file /etc/cinder/cinder.conf)
      # cinder-volume loads the testbed's fake driver subclass from here (REPORT §6).
      SVC_ENV=(PYTHONPATH=$TESTBED_DIR/pylib) ;;
    nova-compute-fake-[0-9]*)
      n=${name#nova-compute-fake-}
      SVC_USER=nova SVC_HOME=/var/lib/nova SVC_MATCH=nova-compute-fake-$n.conf
      SVC_LOG=/var/log/nova/testbed-$name.log
      # No nova-compute package: it would pull a hypervisor. Same entry point, from python3-nova.
      SVC_ARGV=("$PY" "$TESTBED_DIR/bin/nova-compute-fake" --config-file /etc/nova/nova.conf
        --config-file "/etc/nova/nova-compute-fake-$n.conf") ;;
    *) return 1 ;;
  esac
}

svc_uwsgi() { # svc_uwsgi NAME USER PORT (uwsgi master; its ini lives in $TESTBED_DIR/uwsgi)
  local name=$1 svc=$2
  SVC_USER=$svc SVC_HOME=/var/lib/$svc SVC_PORT=$3 SVC_HTTP=1
  SVC_MATCH=$TESTBED_DIR/uwsgi/$name.ini
  SVC_LOG=/var/log/$svc/testbed-$name.log
  SVC_ARGV=("$(uwsgi_bin)" --ini "$TESTBED_DIR/uwsgi/$name.ini")
}

# Which wsgi script each uwsgi service runs.
uwsgi_wsgi_file() {
  case $1 in
    keystone) echo /usr/bin/keystone-wsgi-public ;;
    placement) echo /usr/bin/placement-api ;;
    glance) echo /usr/bin/glance-wsgi-api ;;
    nova-api) echo /usr/bin/nova-api-wsgi ;;
    cinder-api) echo /usr/bin/cinder-wsgi ;;
  esac
}
