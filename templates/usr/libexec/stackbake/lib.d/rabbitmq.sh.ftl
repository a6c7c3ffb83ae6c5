<#-- RabbitMQ's part of lib.sh (RabbitMqElement#shellFragment): its CLI. -->
<#noparse>
: "${STACKBAKE_RABBITMQCTL:=rabbitmqctl}"
export STACKBAKE_RABBITMQCTL

# rabbitmq_listening HOST PORT: the broker's AMQP listener accepts a connection (it opens only
# once the broker has booted). STACKBAKE_RABBITMQ_AMQP=HOST:PORT points it at another listener.
rabbitmq_listening() {
  local address=${STACKBAKE_RABBITMQ_AMQP:-$1:$2}
  port_open "${address%:*}" "${address##*:}"
}

# rabbitmqctl ARGS...: the broker's CLI, quiet.
rabbitmqctl_q() {
  "$STACKBAKE_RABBITMQCTL" -q "$@"
}
</#noparse>
