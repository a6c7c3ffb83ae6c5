package org.stackbake.spec;

import java.util.List;

/** A definition that cannot be used; carries every problem found, in file order. */
public final class SpecException extends Exception {
    private final List<SpecProblem> problems;

    public SpecException(List<SpecProblem> problems) {
        super(problems.isEmpty() ? "invalid definition" : problems.get(0).oneLine());
        this.problems = List.copyOf(problems);
    }

    public SpecException(SpecProblem problem) {
        this(List.of(problem));
    }

    public List<SpecProblem> problems() {
        return problems;
    }
}
