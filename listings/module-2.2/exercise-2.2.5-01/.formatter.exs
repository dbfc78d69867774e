[inputs: ["{mix,.formatter}.exs", "{lib,attempt,solution,test}/**/*.{ex,exs}"]]
