#!/bin/bash
# Written by stackbake: first-boot step — the host name (static, transient and pretty).
# Idempotent: setting the same name again changes nothing.
<#include "step-preamble.ftl">
hostname=${shellQuote(node.hostname)}
<#noparse>

"$STACKBAKE_HOSTNAMECTL" set-hostname "$hostname"
log "host name: $hostname"
</#noparse>
