# The durability promise through PowerShell: a pwsh child pipes vectors into Add-VelesVector, call
# after call, and is killed with SIGKILL at a random moment; every vector of every call that had
# returned must be there, bit for bit, and a vector of the call in flight is whole or absent.
# Rounds continue the same store; VELESDB_SOAK=1 runs many more of them.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    Import-Module (Get-VelesModulePath) -Force

    # The child: one Add-VelesVector pipeline per call, then 'returned <call> <count>' once it has returned.
    $script:Writer = @'
param([string] $ModulePath, [string] $Path, [string] $Durability, [int] $First)
$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
$store = if (Test-Path -LiteralPath (Join-Path $Path 'vectors.idx')) { Open-VelesStore -Path $Path } else { New-VelesStore -Path $Path -Dimension 8 -Durability $Durability }
[Console]::Out.WriteLine('ready')
[Console]::Out.Flush()
for ($call = $First; ; $call++) {
    $count = 1 + (($call * 37) % 300)
    1..$count | ForEach-Object {
        [pscustomobject]@{ Id = [ulong] ($call * 1000 + $_); Vector = [float[]] @($call, $_, ($call % 7), ($_ % 5), 0.5, -1, ($call * $_ % 97), 1e-3) }
    } | Add-VelesVector -Store $store -BatchSize 64
    [Console]::Out.WriteLine("returned $call $count")
    [Console]::Out.Flush()
}
'@

    function Get-ExpectedVector([long] $Call, [long] $Index) {
        [float[]] @($Call, $Index, ($Call % 7), ($Index % 5), 0.5, -1, ($Call * $Index % 97), 1e-3)
    }

    function Start-Writer([string] $Folder, [string] $Path, [string] $Durability, [int] $First) {
        $file = Join-Path $Folder 'writer.ps1'
        Set-Content -LiteralPath $file -Value $script:Writer -Encoding utf8
        $command = Get-VelesPwshCommand
        $info = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in @($command | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $file, (Get-VelesModulePath), $Path, $Durability, $First)) {
            $info.ArgumentList.Add([string] $argument)
        }
        $info.RedirectStandardOutput = $true
        $info.UseShellExecute = $false
        [System.Diagnostics.Process]::Start($info)
    }
}

Describe 'A pwsh writer killed in the middle of Add-VelesVector' {
    BeforeAll {
        $folder = New-VelesTestDirectory
        $path = Join-Path $folder 'db'
    }
    AfterAll {
        Remove-VelesTestDirectory $folder
    }

    It 'keeps every vector of every call that had returned, in <Durability> durability, round after round' -ForEach @(
        @{ Durability = 'Full' }
        @{ Durability = 'Process' }
    ) {
        $rounds = if ($env:VELESDB_SOAK -eq '1') { 25 } else { 3 }
        $random = [System.Random]::new(20261125 + $Durability.Length)
        Remove-VelesTestDirectory $path
        $returned = @{}
        $next = 1
        for ($round = 0; $round -lt $rounds; $round++) {
            $child = Start-Writer -Folder $folder -Path $path -Durability $Durability -First $next
            try {
                $child.StandardOutput.ReadLine() | Should -Be 'ready'
                $calls = $random.Next(1, 6)
                $inFlight = $next
                for ($seen = 0; $seen -lt $calls; $seen++) {
                    $line = $child.StandardOutput.ReadLine()
                    $line | Should -Match '^returned \d+ \d+$' -Because "the writer stopped early, in round $round"
                    $call, $count = ($line -split ' ')[1, 2]
                    $returned[[long] $call] = [long] $count
                    $inFlight = [long] $call + 1
                }
                # A few thousand spins more, so the kill lands inside the next call more often than between calls.
                [System.Threading.Thread]::SpinWait($random.Next(1, 2000000))
            }
            finally {
                $child.Kill($true)
                $child.WaitForExit()
                $child.Dispose()
            }
            $next = $inFlight + 1

            $store = Open-VelesStore -Path $path
            try {
                foreach ($call in $returned.Keys) {
                    $ids = 1..$returned[$call] | ForEach-Object { [ulong] ($call * 1000 + $_) }
                    $vectors = @(Get-VelesVector -Store $store -Id $ids)
                    $vectors.Count | Should -Be $returned[$call] -Because "call $call had returned before the kill in round $round"
                    foreach ($vector in $vectors) {
                        $vector.Vector | Should -Be (Get-ExpectedVector $call ($vector.Id - $call * 1000))
                    }
                }
                # The call in flight: each of its vectors is whole or absent.
                $partial = @(Get-VelesVector -Store $store -Id (1..300 | ForEach-Object { [ulong] ($inFlight * 1000 + $_) }) -ErrorAction SilentlyContinue)
                foreach ($vector in $partial) {
                    $vector.Vector | Should -Be (Get-ExpectedVector $inFlight ($vector.Id - $inFlight * 1000))
                }
            }
            finally {
                Close-VelesStore -Store $store
            }
        }
        $returned.Count | Should -BeGreaterThan 0
    }
}

Describe 'The syncs a pipeline of writes makes' {
    BeforeAll {
        $folder = New-VelesTestDirectory
        # 3,000 objects in batches of 500: six engine calls. A batch of 500 four-float vectors
        # travels inside its log record, so a flush syncs the log alone; one of 500 × 128 floats
        # does not, so a flush syncs the data file too.
        $objects = 1..3000 | ForEach-Object { [pscustomobject]@{ Id = [ulong] $_; Vector = [float[]] @($_, 1, 2, 3) } }
        $wide = 1..3000 | ForEach-Object { [pscustomobject]@{ Id = [ulong] $_; Vector = [float[]] (@($_) + @(1) * 127) } }

        function Get-SyncCount($Store) { (Get-VelesMetrics -Store $Store).SyncLatency.Count }
    }
    AfterAll {
        Remove-VelesTestDirectory $folder
    }

    It 'is <Syncs> for six batches <Case>' -ForEach @(
        @{ Case = 'in Full durability: one flush of the log, when the cmdlet ends'; Durability = 'Full'; PassThru = $false; Dimension = 4; Syncs = 1 }
        @{ Case = 'of wide vectors in Full durability: one flush of the data file and the log, when the cmdlet ends'; Durability = 'Full'; PassThru = $false; Dimension = 128; Syncs = 2 }
        @{ Case = 'with -PassThru: a sync per batch, before its vectors are written out'; Durability = 'Full'; PassThru = $true; Dimension = 4; Syncs = 6 }
        @{ Case = 'in Process durability'; Durability = 'Process'; PassThru = $false; Dimension = 4; Syncs = 0 }
    ) {
        $store = New-VelesStore -Path (Join-Path $folder "$Durability-$PassThru-$Dimension") -Dimension $Dimension -Durability $Durability
        try {
            $before = Get-SyncCount $store
            $written = @($(if ($Dimension -eq 4) { $objects } else { $wide }) | Add-VelesVector -Store $store -BatchSize 500 -PassThru:$PassThru)
            $written.Count | Should -Be $(if ($PassThru) { 3000 } else { 0 })
            (Get-SyncCount $store) - $before | Should -Be $Syncs
            (Get-VelesMetrics -Store $store).VectorCount | Should -Be 3000
        }
        finally {
            Close-VelesStore -Store $store
        }
    }

    It 'is one flush of what was accepted when the pipeline stops early' {
        $store = New-VelesStore -Path (Join-Path $folder 'stopped') -Dimension 4
        try {
            $before = Get-SyncCount $store
            { $objects | ForEach-Object { if ($_.Id -eq 1200) { throw 'stopped upstream' }; $_ } | Add-VelesVector -Store $store -BatchSize 500 } |
                Should -Throw 'stopped upstream'
            (Get-VelesMetrics -Store $store).VectorCount | Should -Be 1199
            (Get-SyncCount $store) - $before | Should -Be 1
        }
        finally {
            Close-VelesStore -Store $store
        }
    }

    It 'is one flush of the log for Remove-VelesVector in Full durability, not a sync per batch' {
        $store = New-VelesStore -Path (Join-Path $folder 'remove') -Dimension 4
        try {
            $objects | Add-VelesVector -Store $store
            $before = Get-SyncCount $store
            1..1500 | Remove-VelesVector -Store $store -BatchSize 500
            (Get-SyncCount $store) - $before | Should -Be 1
            (Get-VelesMetrics -Store $store).VectorCount | Should -Be 1500
        }
        finally {
            Close-VelesStore -Store $store
        }
    }
}
