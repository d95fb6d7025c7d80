// Benchmarks print figures; see docs/benchmarks.md. Each benchmark registers itself in this project.
return 0;
