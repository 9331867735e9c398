# Export-VelesVector and Import-VelesVector as a user's script drives them: round trips of every
# format (float32 bit for bit, keys of both kinds, attributes), -Filter, the store from the pipeline,
# -WhatIf, files written by other implementations, bad and cut-short files, streaming in constant
# memory, and a pwsh child killed with SIGKILL in the middle of an import. What both backends do is
# run against an embedded store and a server store (Garnet).

BeforeDiscovery {
    $Backends = @(@{ Backend = 'Mmap' }, @{ Backend = 'Garnet' })
    $RichFormats = @(@{ Extension = 'jsonl' }, @{ Extension = 'ndjson' }, @{ Extension = 'csv' }, @{ Extension = 'parquet' })
    $ArrayFormats = @(@{ Extension = 'npy' }, @{ Extension = 'fvecs' })
}

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force
    $script:Garnet = Start-VelesGarnet
    $script:Fixtures = Join-Path (Get-VelesRepositoryRoot) 'tests/Fixtures/Interchange'

    Add-Type -TypeDefinition @'
using System;
using System.IO;
using System.Threading;

public static class InterchangeTestData
{
    /// <summary>Component j of row i of the generated sets: exact in float32.</summary>
    public static float Value(long i, int j) => (float)((i % 4096) + j / 16.0);

    /// <summary>A .fvecs file of rows x dimension generated values.</summary>
    public static void WriteFvecs(string path, long rows, int dimension)
    {
        using var writer = new BinaryWriter(new BufferedStream(File.Create(path), 1 << 20));
        for (long i = 0; i < rows; i++)
        {
            writer.Write(dimension);
            for (var j = 0; j < dimension; j++) writer.Write(Value(i, j));
        }
    }
}

/// <summary>Samples the managed heap on a thread of its own while a command runs, keeping the largest size seen.</summary>
public sealed class HeapSampler : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public HeapSampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Baseline = GC.GetTotalMemory(true);
        _thread = new Thread(() => { while (!_stop) { Peak = Math.Max(Peak, GC.GetTotalMemory(false)); Thread.Sleep(1); } }) { IsBackground = true };
        _thread.Start();
    }

    public long Baseline { get; }

    public long Peak { get; private set; }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}
'@

    function New-BackendStore {
        # A new, empty store of the backend: a folder under $TestDrive, or a fresh name on the Garnet node.
        param([string] $Backend, [int] $Dimension = 4)
        if ($Backend -eq 'Garnet') {
            return New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/x-$([guid]::NewGuid().ToString('n'))" -Dimension $Dimension
        }
        New-VelesStore -Path (Join-Path $TestDrive "db-$([guid]::NewGuid().ToString('n'))") -Dimension $Dimension
    }

    function Get-Bits([float[]] $Vector) { @($Vector | ForEach-Object { [BitConverter]::SingleToInt32Bits($_) }) }

    # Awkward float32 values: long shortest decimals, a subnormal, the largest finite, negative zero.
    $script:Awkward = [System.Collections.Generic.List[float[]]]::new()
    $script:Awkward.Add([float[]] @([BitConverter]::Int32BitsToSingle(0x3DCCCCCD), [float]::Epsilon, [float]::MaxValue, [BitConverter]::Int32BitsToSingle([int]0x80000000)))
    $script:Awkward.Add([float[]] @(([float] 1 / 3), [float] -2.5e-38, [float] 16777217, [float] 0.1))
    $script:Awkward.Add([float[]] @([float] 3.4028235e38, [float] -1, [float] 1e-45, [float] 123456.789))

    function Add-SampleRecords($Store, [switch] $TextKeys, [switch] $NoAttributes) {
        $records = for ($i = 0; $i -lt 9; $i++) {
            $key = if ($TextKeys -and $i % 3 -eq 1) { "doc, `"$i`"" } elseif ($TextKeys -and $i % 3 -eq 2) { "0$i" } else { [ulong] (1000 + $i) }
            $record = [ordered]@{ Id = $key; Vector = $script:Awkward[$i % 3] }
            if (-not $NoAttributes) {
                switch ($i % 3) {
                    0 { $record.Colour = 'red'; $record.Size = $i; $record.Tags = @('a', 'b'); $record.Label = '42' }
                    1 { $record.Colour = 'blue'; $record.Size = -1.5; $record.Ok = $true }
                    2 { }
                }
            }
            [pscustomobject] $record
        }
        $records | Add-VelesVector -Store $Store
        $records
    }

    function Assert-SameRecords($Expected, $Actual, [switch] $NoAttributes) {
        $want = @(Get-VelesVector -Store $Expected | Sort-Object { "$($_.Id)" })
        $got = @(Get-VelesVector -Store $Actual | Sort-Object { "$($_.Id)" })
        $got.Count | Should -Be $want.Count
        for ($i = 0; $i -lt $want.Count; $i++) {
            $got[$i].Id | Should -Be $want[$i].Id
            $got[$i].Id.GetType() | Should -Be $want[$i].Id.GetType()
            Get-Bits $got[$i].Vector | Should -Be (Get-Bits $want[$i].Vector) -Because "record $($want[$i].Id) must come back bit for bit"
            if (-not $NoAttributes) {
                ($got[$i].Attributes | ConvertTo-Json -Compress -Depth 5) | Should -Be ($want[$i].Attributes | ConvertTo-Json -Compress -Depth 5)
            }
        }
    }
}

AfterAll {
    Close-EveryStore
    Stop-VelesGarnet $script:Garnet
}

Describe 'Export and import on a <Backend> store' -ForEach $Backends {
    BeforeEach {
        $store = New-BackendStore -Backend $Backend
        $folder = New-VelesTestDirectory
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'round-trips keys of both kinds, attributes and exact float32 bits through .<Extension>' -ForEach $RichFormats {
        Add-SampleRecords $store -TextKeys | Out-Null
        $file = Join-Path $folder "out.$Extension"
        $exported = Export-VelesVector -Path $file -Store $store
        $exported.Records | Should -Be 9
        $exported.Skipped | Should -Be 0
        $file | Should -Exist
        "$file.partial" | Should -Not -Exist

        $copy = New-BackendStore -Backend $Backend
        $imported = Import-VelesVector -Path $file -Store $copy
        $imported.Imported | Should -Be 9
        $imported.Failed | Should -Be 0
        Assert-SameRecords $store $copy
    }

    It 'round-trips integer keys and exact float32 bits through .<Extension> and its .ids.npy' -ForEach $ArrayFormats {
        Add-SampleRecords $store -NoAttributes | Out-Null
        $file = Join-Path $folder "out.$Extension"
        $exported = Export-VelesVector -Path $file -Store $store
        $exported.IdsPath | Should -Be (Join-Path $folder 'out.ids.npy')
        $exported.IdsPath | Should -Exist

        $copy = New-BackendStore -Backend $Backend
        (Import-VelesVector -Path $file -Store $copy).Imported | Should -Be 9
        Assert-SameRecords $store $copy -NoAttributes
    }

    It 'leaves text keys out of an .npy export with a VelesDb.NotRepresentable error for each' {
        Add-SampleRecords $store -TextKeys | Out-Null
        $result = Export-VelesVector -Path (Join-Path $folder 'out.npy') -Store $store -ErrorVariable left -ErrorAction SilentlyContinue
        $result.Records | Should -Be 3
        $result.Skipped | Should -Be 6
        $left.Count | Should -Be 6
        $left | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeLike 'VelesDb.NotRepresentable,*' }
        $left.TargetObject | Should -Contain '02'
    }

    It 'exports only the records -Filter matches' {
        Add-SampleRecords $store | Out-Null
        $file = Join-Path $folder 'red.jsonl'
        (Export-VelesVector -Path $file -Store $store -Filter '.Colour == "red"').Records | Should -Be 3
        $lines = @(Get-Content -LiteralPath $file | ConvertFrom-Json)
        $lines.Count | Should -Be 3
        $lines.attributes.Colour | Sort-Object -Unique | Should -Be 'red'
    }

    It 'takes the store from the pipeline, for export and import' {
        Add-SampleRecords $store | Out-Null
        $file = Join-Path $folder 'piped.csv'
        $store | Export-VelesVector -Path $file | Out-Null
        $copy = New-BackendStore -Backend $Backend
        ($copy | Import-VelesVector -Path $file).Imported | Should -Be 9
        Assert-SameRecords $store $copy
    }

    It 'reports each bad row with its line number and imports the rest' {
        $file = Join-Path $folder 'bad.jsonl'
        Set-Content -LiteralPath $file -Value @(
            '{"key":1,"vector":[1,2,3,4]}'
            '{"key":2,"vector":[1,2,3'
            '{"key":3,"vector":[1,2,3]}'
            ''
            '{"key":4,"vector":[1,"x",3,4]}'
            '{"key":-5,"vector":[1,2,3,4]}'
            '{"key":6,"vector":[1,2,3,4],"attributes":{"a":1,"a":2}}'
            '{"key":7,"vector":[4,3,2,1],"attributes":{"ok":true}}'
        )
        $result = Import-VelesVector -Path $file -Store $store -ErrorVariable bad -ErrorAction SilentlyContinue
        $result.Rows | Should -Be 7
        $result.Imported | Should -Be 2
        $result.Failed | Should -Be 5
        $bad.Count | Should -Be 5
        $bad.TargetObject | Should -Be @(2, 3, 5, 6, 7)
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.MalformedRow,*'
        $bad[0].Exception.Message | Should -BeLike "*'$file', line 2:*"
        $bad[1].FullyQualifiedErrorId | Should -BeLike 'VelesDb.DimensionMismatch,*'
        $bad[4].FullyQualifiedErrorId | Should -BeLike 'VelesDb.InvalidAttributes,*'
        (Get-VelesVector -Store $store | ForEach-Object Id | Sort-Object) | Should -Be @(1, 7)
        (Get-VelesVector -Store $store -Id 7).Attributes.ok | Should -BeTrue
    }
}

Describe 'Export and import of files' {
    BeforeEach {
        $folder = New-VelesTestDirectory
        $store = New-VelesStore -Path (Join-Path $folder 'db') -Dimension 4
    }
    AfterEach {
        Close-EveryStore
        Remove-VelesTestDirectory $folder
    }

    It 'reads NumPy save float32 with its int64 companion keys, exactly' {
        Copy-Item (Join-Path $Fixtures 'vectors-f32.npy'), (Join-Path $Fixtures 'vectors-f32.ids.npy') $folder
        (Import-VelesVector -Path (Join-Path $folder 'vectors-f32.npy') -Store $store).Imported | Should -Be 5
        (Get-VelesVector -Store $store | ForEach-Object Id) | Should -Be @(10, 20, 30, 40, 50)
        for ($i = 0; $i -lt 5; $i++) {
            $expected = [float[]] @(0..3 | ForEach-Object { [float] (($i + 1) * 0.5 - $_ / 3.0) })
            Get-Bits (Get-VelesVector -Store $store -Id (10 * ($i + 1))).Vector | Should -Be (Get-Bits $expected)
        }
    }

    It 'reads NumPy save float64 rounded to float32, keyed 0 to N-1 without a companion' {
        Import-VelesVector -LiteralPath (Join-Path $Fixtures 'vectors-f64.npy') -Store $store | Out-Null
        (Get-VelesVector -Store $store | ForEach-Object Id) | Should -Be @(0, 1, 2, 3, 4)
        Get-Bits (Get-VelesVector -Store $store -Id 4).Vector | Should -Be (Get-Bits ([float[]] @(2.5, (2.5 - 1 / 3.0), (2.5 - 2 / 3.0), 1.5)))
    }

    It 'reads .fvecs written by NumPy tofile and the ground-truth .ivecs, exactly' {
        (Import-VelesVector -Path (Join-Path $Fixtures 'base.fvecs') -Store $store).Imported | Should -Be 5
        Get-Bits (Get-VelesVector -Store $store -Id 1).Vector | Should -Be (Get-Bits ([float[]] @(1, (1 - 1 / 3.0), (1 - 2 / 3.0), 0)))
        $truth = New-VelesStore -Path (Join-Path $folder 'truth') -Dimension 3
        Import-VelesVector -Path (Join-Path $Fixtures 'groundtruth.ivecs') -Store $truth | Out-Null
        (Get-VelesVector -Store $truth -Id 0).Vector | Should -Be @(4, 3, 2)
    }

    It 'reads Parquet written by DuckDB: a list column with typed attributes, and a fixed-size array column with text keys' {
        Import-VelesVector -Path (Join-Path $Fixtures 'duckdb-list.parquet') -Store $store | Out-Null
        $one = Get-VelesVector -Store $store -Id 1
        Get-Bits $one.Vector | Should -Be (Get-Bits ([float[]] @(1, (1 - 1 / 3.0), (1 - 2 / 3.0), 0)))
        $one.Attributes.title | Should -Be 'title 1'
        $one.Attributes.score | Should -Be 1.5
        $one.Attributes.even | Should -BeFalse
        $one.Attributes.rank | Should -Be 10
        (Get-VelesVector -Store $store -Id 3).Attributes.PSObject.Properties.Name | Should -Not -Contain 'rank'

        $fixed = New-VelesStore -Path (Join-Path $folder 'fixed') -Dimension 4
        Import-VelesVector -Path (Join-Path $Fixtures 'duckdb-fixed.parquet') -Store $fixed | Out-Null
        (Get-VelesVector -Store $fixed | ForEach-Object Id) | Should -Be @('doc-0', 'doc-1', 'doc-2', 'doc-3', 'doc-4')
    }

    It 'writes nothing with -WhatIf' {
        [pscustomobject]@{ Id = 1; Vector = 1, 2, 3, 4 } | Add-VelesVector -Store $store
        $file = Join-Path $folder 'out.jsonl'
        Export-VelesVector -Path $file -Store $store -WhatIf | Should -BeNullOrEmpty
        $file | Should -Not -Exist
        Set-Content -LiteralPath $file -Value '{"key":2,"vector":[1,2,3,4]}'
        Import-VelesVector -Path $file -Store $store -WhatIf | Should -BeNullOrEmpty
        $store.Count | Should -Be 1
    }

    It 'refuses an unknown extension with VelesDb.UnknownFormat, and -Format names the format' {
        [pscustomobject]@{ Id = 1; Vector = 1, 2, 3, 4 } | Add-VelesVector -Store $store
        $file = Join-Path $folder 'out.txt'
        { Export-VelesVector -Path $file -Store $store } | Should -Throw -ErrorId 'VelesDb.UnknownFormat,*'
        (Export-VelesVector -Path $file -Store $store -Format JsonLines).Records | Should -Be 1
        $copy = New-VelesStore -Path (Join-Path $folder 'copy') -Dimension 4
        (Import-VelesVector -Path $file -Store $copy -Format JsonLines).Imported | Should -Be 1
    }

    It 'refuses to replace a file with -NoClobber and keeps it' {
        [pscustomobject]@{ Id = 1; Vector = 1, 2, 3, 4 } | Add-VelesVector -Store $store
        $file = Join-Path $folder 'out.csv'
        Set-Content -LiteralPath $file -Value 'keep'
        { Export-VelesVector -Path $file -Store $store -NoClobber } | Should -Throw
        Get-Content -LiteralPath $file | Should -Be 'keep'
    }

    It 'reports a file that is not of its format as VelesDb.MalformedFile and goes on with the next file' {
        Set-Content -LiteralPath (Join-Path $folder 'a.npy') -Value 'not numpy'
        Set-Content -LiteralPath (Join-Path $folder 'b.jsonl') -Value '{"key":1,"vector":[1,2,3,4]}'
        $results = Import-VelesVector -Path (Join-Path $folder '*.*') -Store $store -ErrorVariable bad -ErrorAction SilentlyContinue
        @($results).Count | Should -Be 1
        $bad[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.MalformedFile,*'
        $store.Count | Should -Be 1
    }

    It 'imports every whole row of a .fvecs or .npy file cut short at any byte, and reports the cut row' -ForEach @(
        @{ Extension = 'fvecs' }
        @{ Extension = 'npy' }
    ) {
        1..6 | ForEach-Object { [pscustomobject]@{ Id = $_; Vector = [float[]] @($_, -$_, ($_ / 7), 1e-20) } } | Add-VelesVector -Store $store
        $full = Join-Path $folder "full.$Extension"
        Export-VelesVector -Path $full -Store $store | Out-Null
        Remove-Item -LiteralPath (Join-Path $folder 'full.ids.npy')
        $bytes = [System.IO.File]::ReadAllBytes($full)
        $rowBytes = if ($Extension -eq 'fvecs') { 20 } else { 16 }
        $header = if ($Extension -eq 'fvecs') { 0 } else { 128 }
        $random = [System.Random]::new(16)
        $cuts = @($header..($bytes.Length - 1) | Where-Object { $random.Next(3) -eq 0 })
        foreach ($cut in $cuts) {
            $file = Join-Path $folder "cut.$Extension"
            [System.IO.File]::WriteAllBytes($file, $bytes[0..($cut - 1)])
            $target = New-VelesStore -Path (Join-Path $folder "cut-$cut") -Dimension 4
            $result = Import-VelesVector -Path $file -Store $target -ErrorVariable bad -ErrorAction SilentlyContinue
            $whole = [math]::Floor(($cut - $header) / $rowBytes)
            $result.Imported | Should -Be $whole -Because "a file cut at byte $cut holds $whole whole rows"
            if (($cut - $header) % $rowBytes -ne 0) {
                $bad.Count | Should -Be 1
                $bad[0].FullyQualifiedErrorId | Should -BeLike 'VelesDb.MalformedRow,*'
                $bad[0].TargetObject | Should -Be ($whole + 1)
                $bad[0].Exception.Message | Should -BeLike "*row $($whole + 1):*"
            }
            foreach ($record in Get-VelesVector -Store $target) {
                Get-Bits $record.Vector | Should -Be (Get-Bits (Get-VelesVector -Store $store -Id ($record.Id + 1)).Vector)
            }
            Close-VelesStore -Store $target
        }
    }

    It 'never stops on random bytes under a known extension: only row and file errors' -ForEach @(
        @{ Extension = 'jsonl' }, @{ Extension = 'csv' }, @{ Extension = 'npy' }, @{ Extension = 'fvecs' }, @{ Extension = 'bvecs' }, @{ Extension = 'ivecs' }, @{ Extension = 'parquet' }
    ) {
        $random = [System.Random]::new(2026 + $Extension.Length)
        for ($round = 0; $round -lt 20; $round++) {
            $bytes = [byte[]]::new($random.Next(1, 600))
            $random.NextBytes($bytes)
            if ($round % 2 -eq 0 -and $Extension -eq 'npy') { [System.Text.Encoding]::ASCII.GetBytes("`x93NUMPY").CopyTo($bytes, 0) | Out-Null }
            $file = Join-Path $folder "fuzz.$Extension"
            [System.IO.File]::WriteAllBytes($file, $bytes)
            $bad = $null
            # A terminating error here fails the test: random bytes may only give row and file errors.
            Import-VelesVector -Path $file -Store $store -ErrorVariable bad -ErrorAction SilentlyContinue | Out-Null
            foreach ($e in @($bad)) {
                $e | Should -BeOfType [System.Management.Automation.ErrorRecord]
                $e.FullyQualifiedErrorId | Should -Match '^VelesDb\.(MalformedRow|MalformedFile|DimensionMismatch|InvalidVector|InvalidId|InvalidAttributes),' -Because "round $round of .${Extension}: $($e.Exception.Message)"
            }
        }
        foreach ($record in Get-VelesVector -Store $store) { $record.Vector.Count | Should -Be 4 }
    }

    It 'reports progress for export and import' {
        $file = Join-Path $folder 'p.fvecs'
        [InterchangeTestData]::WriteFvecs($file, 20000, 4)
        $records = Assert-VelesProgressBar -Command "`$s = New-VelesStore -Path '$(Join-Path $folder 'p')' -Dimension 4; Import-VelesVector -Path '$file' -Store `$s -BatchSize 1000 | Out-Null; Close-VelesStore -Store `$s" -ActivityLike 'Importing*'
        $records.Count | Should -BeGreaterThan 1
        Assert-VelesProgressBar -Command "Export-VelesVector -Path '$(Join-Path $folder 'p.jsonl')' -StorePath '$(Join-Path $folder 'p')' | Out-Null" -ActivityLike 'Exporting*' | Out-Null
    }

    It 'streams: exporting and importing a store many times larger than any buffer keeps the managed heap small' -ForEach @(
        @{ Extension = 'fvecs' }
        @{ Extension = 'npy' }
    ) {
        # 16,384 vectors of 1,024 components: 64 MiB of vectors, against buffers of 1 MiB.
        $source = Join-Path $folder 'big.fvecs'
        [InterchangeTestData]::WriteFvecs($source, 16384, 1024)
        $big = New-VelesStore -Path (Join-Path $folder 'big') -Dimension 1024
        $sampler = [HeapSampler]::new()
        try { Import-VelesVector -Path $source -Store $big | Out-Null } finally { $sampler.Dispose() }
        $big.Count | Should -Be 16384
        ($sampler.Peak - $sampler.Baseline) | Should -BeLessThan 48MB -Because 'an import holds a batch or two, not the file'

        $file = Join-Path $folder "out.$Extension"
        $sampler = [HeapSampler]::new()
        try { Export-VelesVector -Path $file -Store $big | Out-Null } finally { $sampler.Dispose() }
        (Get-Item -LiteralPath $file).Length | Should -BeGreaterThan 64MB
        ($sampler.Peak - $sampler.Baseline) | Should -BeLessThan 48MB -Because 'an export holds one record at a time, not the store'
        Get-Bits (Get-VelesVector -Store $big -Id 16383).Vector | Should -Be (Get-Bits ([float[]] @(0..1023 | ForEach-Object { [InterchangeTestData]::Value(16383, $_) })))
    }
}

Describe 'A pwsh child killed with SIGKILL in the middle of Import-VelesVector' {
    BeforeAll {
        $folder = New-VelesTestDirectory
        $source = Join-Path $folder 'rows.fvecs'
        [InterchangeTestData]::WriteFvecs($source, 400000, 8)
        $script:Importer = @'
param([string] $ModulePath, [string] $Source, [string] $Path)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$store = New-VelesStore -Path $Path -Dimension 8
[Console]::Out.WriteLine('ready')
[Console]::Out.Flush()
Import-VelesVector -Path $Source -Store $store -BatchSize 2000 -Verbose 4>&1 | ForEach-Object {
    if ($_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match '^([\d,]+) records of .* are stored durably\.$') {
        [Console]::Out.WriteLine("durable $($Matches[1] -replace ',')")
        [Console]::Out.Flush()
    }
}
[Console]::Out.WriteLine('done')
'@
    }
    AfterAll {
        Remove-VelesTestDirectory $folder
    }

    It 'keeps every batch the import reported as durable, and no torn vector, in round <_>' -ForEach @(1, 2, 3) {
        $path = Join-Path $folder "db-$_"
        $file = Join-Path $folder 'importer.ps1'
        Set-Content -LiteralPath $file -Value $script:Importer -Encoding utf8
        $command = Get-VelesPwshCommand
        $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file, (Get-VelesModulePath), $source, $path)) {
            $info.ArgumentList.Add([string] $argument)
        }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        $child = [System.Diagnostics.Process]::Start($info)
        $acknowledged = 0
        try {
            $child.StandardOutput.ReadLine() | Should -Be 'ready'
            # Kill after a different number of reported batches each round.
            for ($seen = 0; $seen -lt (2 * $_); $seen++) {
                $line = $child.StandardOutput.ReadLine()
                $line | Should -Match '^durable \d+$' -Because 'the import should still be running'
                $acknowledged = [long] ($line -split ' ')[1]
            }
        }
        finally {
            $child.Kill($true)
            $child.WaitForExit()
            $child.Dispose()
        }
        $acknowledged | Should -BeGreaterThan 0

        $store = Open-VelesStore -Path $path
        try {
            $store.Count | Should -BeGreaterOrEqual $acknowledged
            $ids = [ulong[]] @(0..($acknowledged - 1))
            @(Get-VelesVector -Store $store -Id $ids[0], $ids[-1]).Count | Should -Be 2
            $count = 0
            foreach ($record in Get-VelesVector -Store $store) {
                $count++
                if ($record.Id % 997 -eq 0 -or $record.Id -ge $acknowledged - 1) {
                    Get-Bits $record.Vector | Should -Be (Get-Bits ([float[]] @(0..7 | ForEach-Object { [InterchangeTestData]::Value($record.Id, $_) })))
                }
            }
            $count | Should -Be $store.Count
            # Every acknowledged key is there: the keys are 0..N-1 in order, so the first gap would show as a smaller maximum.
            $present = @(Get-VelesVector -Store $store -Id $ids -ExcludeAttributes -ErrorAction SilentlyContinue).Count
            $present | Should -Be $acknowledged
            (Test-VelesStore -Store $store).Healthy | Should -BeTrue
        }
        finally {
            Close-VelesStore -Store $store
        }
    }
}

Describe 'examples/sift-small.ps1' {
    It 'imports its generated tiny set and finds every true neighbour: recall@10 is 1' {
        $script = Join-Path (Get-VelesRepositoryRoot) 'examples/sift-small.ps1'
        $result = Invoke-VelesPwsh -Script "& '$script' | ConvertTo-Json -Compress"
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $report = ($result.Output -join '') | ConvertFrom-Json
        $report.Base | Should -Be 500
        $report.Queries | Should -Be 20
        $report.K | Should -Be 10
        $report.RecallAtK | Should -Be 1
    }

    It 'reports the recall of the files it is given, against their ground truth' {
        $folder = New-VelesTestDirectory
        try {
            # Four base vectors on a line; each query's true neighbours by distance, with one wrong on purpose.
            $base = Join-Path $folder 'b.fvecs'
            $query = Join-Path $folder 'q.fvecs'
            $truth = Join-Path $folder 't.ivecs'
            $write = {
                param($Path, $Rows, [switch] $Integers)
                $w = [System.IO.BinaryWriter]::new([System.IO.File]::Create($Path))
                foreach ($row in $Rows) { $w.Write([int] $row.Count); foreach ($v in $row) { if ($Integers) { $w.Write([int] $v) } else { $w.Write([float] $v) } } }
                $w.Dispose()
            }
            & $write $base @(, @(0, 0) + , @(1, 0) + , @(2, 0) + , @(3, 0))
            & $write $query @(, @(0.1, 0) + , @(2.9, 0))
            & $write $truth @(, @(0, 1) + , @(3, 0)) -Integers
            $script = Join-Path (Get-VelesRepositoryRoot) 'examples/sift-small.ps1'
            $result = Invoke-VelesPwsh -Script "& '$script' -Base '$base' -Query '$query' -GroundTruth '$truth' -K 2 | ConvertTo-Json -Compress"
            $result.ExitCode | Should -Be 0 -Because $result.Error
            (($result.Output -join '') | ConvertFrom-Json).RecallAtK | Should -Be 0.75
        }
        finally {
            Remove-VelesTestDirectory $folder
        }
    }
}
