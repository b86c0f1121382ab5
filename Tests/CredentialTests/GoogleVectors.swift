/// Known-answer data for the Google service-account flow, copied from
/// `shared/reference/vectors/` (upstreams.md §7.2): `TEST_ONLY_service_account.json` and
/// `google_sa_jwt.txt`. The key is a throwaway RSA-2048 key generated for those vectors; it
/// grants access to nothing.
enum GoogleVectors {
    static let issuedAt = 1_700_000_000

    static let serviceAccountJSON = #"""
        {
          "type": "service_account",
          "project_id": "example-project",
          "private_key_id": "0123456789abcdef0123456789abcdef01234567",
          "private_key": "-----BEGIN PRIVATE KEY-----\nMIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC/t6yR4s7lxZkm\nIskS1Dx5VDvMOEsrFSZeazhiqMI33Irao/N6o1MfpMBFEKluQ+0uYAtuux0/CMlq\niiKr6m+Xvf/0ICJi4T49mGyfMbKOF6p8yW0ki+rtpwcEZSDk1ck/nFmWBtmFbJF1\nLL4ZDqwW66Hf7eXfVG1PpRYZBogn6qvb5C1wWguQNJFVvx1XNC7/WlNFUPL8/mTT\nDrrFt5W971tvbRWhRV4sN1hjRGLdVhIv76VdjCL6e41LPJ1plzAUOom6Lm3OAZC9\nRu+IRqcMgPoklxLqP/gcJPjGGGW8ebAReIsLg1umN7rRIkGMfAb2rRIRNmvYOH1g\nu0aVXgWTAgMBAAECggEACM+WiR0Bk+3pGLnMrgsQj5Mz9laKjCAeyBaEZTvK/BvR\nAZBfzlAAQlWJzgLFF8i3iZZL+6O7rm4nTm89fa66m8UMSWgBhbP57oUwKVtiR5eh\nRkkHR5Lq5E9Qd+NP7HtB7duLcHdR+uRM81hv2iFibAXQ/MRnZg2CwpKA8I41XZHn\nH8WUHkGilOSbzdb2AINVzvgi3OFT0JfpTUb05GN25oecniDpOwIU1z6zZ6F/EF1/\nSqyg8PeMryL+PlFoURHWlsDfw/9FNrElV7ao4U7v9FWkmihDPOnMbEDEb+zjGUvN\na8ZSbcMrgz5XINIAwHWtB3BRRjMYzq/GrAJ20BrVrQKBgQDhs6ESp9dqZ7DT7s7G\nOKDleIQQnnCGllm1sltsr5Dw8o5nPX0B2cj1y+y0b7Xwx68M6RFKx+XTB5GWg1Qi\nznznub+uYfVMXKNpytadEtfOtlAx5vBvxLtUS/ljJ2yN6z/Gr0OhYSO/nP9k8vKd\npla05c0cGJpx1ONFU2ulxgyahQKBgQDZdChs6KvwXAL/Yx8yx7GMcNV8QlXSaIAC\n7Fh3jZseEjo2vPg2XflgOzlWVBhlEVlQwBKaofHE720alHqqZLd8fxLVP3+kAtZQ\nf1e56ClywycE6Hd5SJTph37EQPXoi7oC93yKXcvgVk+r5mIRFCihWc1BgZvGkqJS\nYFPsYhF3NwKBgQCxDMoj6koPjDuoZMMLt8xvdfSTXNaEnVjOMZWKUsbuXDfdQNzZ\nINCGEGwktyUQNnRZOlN4SAs/WcaZPXg4vaY52PpGf01/k4QVLyrfmLJ104phOvoN\nk1QoMlj1sS10vsAOydnRtHPoke2+cN5lUODfkw0tJxewiAGolmHxbsTgSQKBgQDB\n6LQ30g+pCdPeezyR4sMv8lpdMSYot+kXMjz9dzgQy74/m6lXidtb9dP+aIVMcvkL\nagvs+maG796B6k+sbJ22lfZsVPB0h9cm9zd6X02+ucmstcP8Uj4ANURUq3zdvuPD\ny3+yP0wTo8PuDUX75tcIcvT26iXIIHBBNwb/bsAWZwKBgB56SKycEvac4dOuQ8I8\nhoG1Wm4FuTW44MQOGEzM5iktX9b6fiDHxjXySaJEaec7Xa5uaIsOETwzXAvvoMAF\nnfDZ6NGeJO4qlMrCs/oyoUfNrsiRRgR9uh2P0Glk60Z6Ivvm6Ih9A+C5xu211I7K\ndTrkpdhi/ch8cBIc8KuclrfR\n-----END PRIVATE KEY-----\n",
          "client_email": "proxy-test@example-project.iam.gserviceaccount.com",
          "client_id": "000000000000000000000",
          "auth_uri": "https://accounts.google.com/o/oauth2/auth",
          "token_uri": "https://oauth2.googleapis.com/token",
          "universe_domain": "googleapis.com"
        }
        """#

    static let jwt =
        "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1NjcifQ.eyJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwiaXNzIjoicHJveHktdGVzdEBleGFtcGxlLXByb2plY3QuaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJhdWQiOiJodHRwczovL29hdXRoMi5nb29nbGVhcGlzLmNvbS90b2tlbiIsInNjb3BlIjoiaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jbG91ZC1wbGF0Zm9ybSJ9.PuV8kxNa6WWKILvehEoBlY-gz5ZhVdO1E-c4J6z5e7TXNftJXR3AMeygb14L_p4PWc71WWBOFMdJcGyZul2sCjVaOyCdAoWY1RfJ2P0Ui8TBbcufR2LGlBYVu3xz__pwvXup7sRAQAfwVNWcnxJCFR-1lHSbeBJD2fShwjR2fVGIz1Bh2GYRAf8VqWWggzPFJjI8DXF-ta-fjVJp_dBkeUYPTkvquaSnrL_KQZeexjlElGrjJIxR7K2VbCTja5968SPbDZ1OmfBqHpLjitQuJAP4TYsUNdRG3B2JxIOcMkYKV1fBi8e9qB9-FvRCOgjClbO8BrFGriv8H4bTx_7FNg"

    static let tokenRequestBody =
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjAxMjM0NTY3ODlhYmNkZWYwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1NjcifQ.eyJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMCwiaXNzIjoicHJveHktdGVzdEBleGFtcGxlLXByb2plY3QuaWFtLmdzZXJ2aWNlYWNjb3VudC5jb20iLCJhdWQiOiJodHRwczovL29hdXRoMi5nb29nbGVhcGlzLmNvbS90b2tlbiIsInNjb3BlIjoiaHR0cHM6Ly93d3cuZ29vZ2xlYXBpcy5jb20vYXV0aC9jbG91ZC1wbGF0Zm9ybSJ9.PuV8kxNa6WWKILvehEoBlY-gz5ZhVdO1E-c4J6z5e7TXNftJXR3AMeygb14L_p4PWc71WWBOFMdJcGyZul2sCjVaOyCdAoWY1RfJ2P0Ui8TBbcufR2LGlBYVu3xz__pwvXup7sRAQAfwVNWcnxJCFR-1lHSbeBJD2fShwjR2fVGIz1Bh2GYRAf8VqWWggzPFJjI8DXF-ta-fjVJp_dBkeUYPTkvquaSnrL_KQZeexjlElGrjJIxR7K2VbCTja5968SPbDZ1OmfBqHpLjitQuJAP4TYsUNdRG3B2JxIOcMkYKV1fBi8e9qB9-FvRCOgjClbO8BrFGriv8H4bTx_7FNg"
}
