package org.stackbake.guest.api;

/** How the libguestfs appliance runs: KVM, TCG (software emulation), or KVM falling back to TCG. */
public enum Accel { AUTO, KVM, TCG }
