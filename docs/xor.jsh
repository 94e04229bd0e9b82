// Run with: bin/neurite-jshell docs/xor.jsh   (docs/learn.md, "In JShell")
Network net = Network.of(2, dense(2, 2, sigmoid()), dense(2, 1, sigmoid()));
Matrix x = Matrix.of(new float[] {0, 0}, new float[] {0, 1}, new float[] {1, 0}, new float[] {1, 1});
Matrix y = Matrix.column(0, 1, 1, 0);
Trainer trainer = new Trainer(net, Losses.mse(), Optimizers.momentum(0.5f, 0.9f), TrainingConfig.DEFAULTS);
StepTrace first = trainer.traceOnBatch(x, y);
System.out.println(first);
System.out.println("finite differences agree: " + GradientCheck.trace(first, net).passed());
for (int step = 2; step <= 1000; step++) trainer.trainOnBatch(x, y);
System.out.print("after 1000 steps:");
for (float p : net.predict(x).data()) System.out.printf(" %.3f", p);
System.out.println();
/exit
