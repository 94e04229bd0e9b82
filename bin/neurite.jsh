// Neurite's packages, imported for JShell by bin/neurite-jshell (and for the snippets of docs/learn.md).
import dev.neurite.tensor.*;
import dev.neurite.nn.*;
import dev.neurite.loss.*;
import dev.neurite.optim.*;
import dev.neurite.metrics.*;
import dev.neurite.data.*;
import dev.neurite.train.*;
import dev.neurite.check.*;
import dev.neurite.demo.*;
import static dev.neurite.nn.Layers.*;
import static dev.neurite.nn.Activations.*;
