package org.stackbake.service;

/**
 * One check of first boot's verification step, recorded in the report.
 *
 * @param command shell words run by the step (literals already quoted); succeeds when the service answers
 */
public record FirstbootCheck(String name, String detail, String command) {}
