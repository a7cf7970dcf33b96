// The web test classes each run real processes (the web app, a DevProvider, Chromium) on loopback ports, and
// the restart tests free and retake a port while they run. Run the classes one after another, so that no other
// class can be handed that port in between and no two browsers fight over two cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
