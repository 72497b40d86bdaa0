Console.WriteLine("GCS emulator: not yet implemented");
