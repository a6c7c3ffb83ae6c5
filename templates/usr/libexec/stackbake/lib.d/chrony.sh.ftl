<#-- chrony's part of lib.sh (ChronyElement#shellFragment): its CLI, which the verification step runs. -->
<#noparse>
: "${STACKBAKE_CHRONYC:=chronyc}"
export STACKBAKE_CHRONYC
</#noparse>
