# A server store over TLS (rediss://): Garnet serves TLS with a self-signed certificate made here,
# and the client checks it against the machine's trusted roots and the URI's host.

BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'VelesDb.TestHelpers.psm1') -Force
    $script:Folder = New-VelesTestDirectory
    $rsa = [System.Security.Cryptography.RSA]::Create(2048)
    $request = [System.Security.Cryptography.X509Certificates.CertificateRequest]::new(
        'CN=127.0.0.1', $rsa, [System.Security.Cryptography.HashAlgorithmName]::SHA256, [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
    $names = [System.Security.Cryptography.X509Certificates.SubjectAlternativeNameBuilder]::new()
    $names.AddIpAddress([System.Net.IPAddress]::Loopback)
    $request.CertificateExtensions.Add($names.Build())
    $certificate = $request.CreateSelfSigned([datetimeoffset]::UtcNow.AddMinutes(-5), [datetimeoffset]::UtcNow.AddDays(1))
    $script:Pfx = Join-Path $script:Folder 'server.pfx'
    [System.IO.File]::WriteAllBytes($script:Pfx, $certificate.Export([System.Security.Cryptography.X509Certificates.X509ContentType]::Pfx, 'tls-test'))
    # The certificate alone as a trust bundle: a client told to trust only it (SSL_CERT_FILE) accepts this server.
    $script:Trusted = Join-Path $script:Folder 'trusted.pem'
    Set-Content -LiteralPath $script:Trusted -Value ("-----BEGIN CERTIFICATE-----`n" + [Convert]::ToBase64String($certificate.RawData, 'InsertLineBreaks') + "`n-----END CERTIFICATE-----")
    $script:Garnet = Start-VelesGarnet -ArgumentList '--tls', '--cert-file-name', $script:Pfx, '--cert-password', 'tls-test', '--client-certificate-required', 'false'

    function Invoke-WithTrust {
        # The script in a fresh pwsh that trusts only the bundle given (or the machine's own roots without one).
        param([string] $Script, [string] $Bundle)
        $saved = $env:SSL_CERT_FILE
        try {
            if ($Bundle) { $env:SSL_CERT_FILE = $Bundle } else { Remove-Item Env:SSL_CERT_FILE -ErrorAction Ignore }
            Invoke-VelesPwsh -ImportModule -Script $Script
        }
        finally {
            if ($null -eq $saved) { Remove-Item Env:SSL_CERT_FILE -ErrorAction Ignore } else { $env:SSL_CERT_FILE = $saved }
        }
    }
}

AfterAll {
    Stop-VelesGarnet $script:Garnet
    Remove-VelesTestDirectory $script:Folder
}

Describe 'A server store over TLS' {
    It 'stores and reads records through rediss:// when the server''s certificate is trusted' {
        $uri = "rediss://127.0.0.1:$($script:Garnet.Port)/t-$([guid]::NewGuid().ToString('n'))"
        $result = Invoke-WithTrust -Bundle $script:Trusted -Script @"
`$store = New-VelesStore -Uri '$uri' -Dimension 2
[pscustomobject]@{ Id = 'a'; Vector = @(1, 2); Tag = 'over tls' } | Add-VelesVector -Store `$store
Close-VelesStore `$store
`$again = Open-VelesStore -Uri '$uri'
`$record = Get-VelesVector -Store `$again -Id 'a'
"`$(`$again.Path)|`$(`$record.Vector -join ',')|`$(`$record.Attributes.Tag)"
"@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        @($result.Output)[-1] | Should -Be "$uri|1,2|over tls"
    }

    It 'refuses a server whose certificate is not trusted, as VelesDb.ServerUnavailable naming the certificate' {
        $uri = "rediss://127.0.0.1:$($script:Garnet.Port)/t-$([guid]::NewGuid().ToString('n'))"
        $result = Invoke-WithTrust -Script @"
try { New-VelesStore -Uri '$uri' -Dimension 2 -ErrorAction Stop; 'created' }
catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }
"@
        $result.ExitCode | Should -Be 0 -Because $result.Error
        $result.Output[0] | Should -BeLike 'VelesDb.ServerUnavailable,*'
        ($result.Output -join "`n") | Should -Match 'certificate'
    }

    It 'refuses plain redis:// to a TLS server as VelesDb.ServerUnavailable' {
        { Import-Module (Get-VelesModulePath) -Force; New-VelesStore -Uri "redis://127.0.0.1:$($script:Garnet.Port)/plain" -Dimension 2 -ErrorAction Stop } |
            Should -Throw -ErrorId 'VelesDb.ServerUnavailable,*'
    }
}
