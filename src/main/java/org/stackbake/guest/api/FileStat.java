package org.stackbake.guest.api;

/** Mode bits (without the file type), owner ids and type of a guest path, as verify needs them. */
public record FileStat(int mode, int uid, int gid, boolean regularFile, boolean symlink) {}
