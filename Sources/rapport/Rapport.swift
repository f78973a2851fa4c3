import ArgumentParser
@main struct Rapport: AsyncParsableCommand { func run() async throws {} }
