"""Running the flow: the pipeline as plain functions, and the runners over it."""
