<#-- RabbitMQ's part of lib.sh (RabbitMqElement#shellFragment): its CLI. -->
<#noparse>
: "${STACKBAKE_RABBITMQCTL:=rabbitmqctl}"
export STACKBAKE_RABBITMQCTL

# rabbitmqctl ARGS...: the broker's CLI, quiet.
rabbitmqctl_q() {
  "$STACKBAKE_RABBITMQCTL" -q "$@"
}
</#noparse>
