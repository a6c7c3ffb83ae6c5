/**
 * Test layer 2: every service config stackbake renders, proven with the real daemon (Debian
 * packages installed by {@code .ci/run}). Each daemon runs inside network namespaces the test
 * creates ({@link org.stackbake.daemons.TestNetwork}: controller 192.168.8.10/24 and node
 * 192.168.8.20/24 on a veth, each with its rendered /etc/hosts), so the configs are used unchanged
 * and no packet leaves the namespaces. Only state paths (data dirs, sockets, pid files) move into
 * temp dirs. Each class also feeds its daemon a deliberately broken rendering and sees it refused.
 * Nothing is skipped: a missing program or an uncreatable namespace fails the test with the reason.
 */
package org.stackbake.daemons;
