[inputs: ["{mix,.formatter}.exs", "{attempt,solution,test}/**/*.{ex,exs}"]]
