"""Demo salons: a small realistic one to try things out, a large one for benchmarks."""
