package dev.quartet.rules;

/** STUB of Seam 2. */
public interface Template { String render(Invocation inv); }
