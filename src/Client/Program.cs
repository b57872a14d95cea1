System.Console.WriteLine("noken");
