// A client of the AWS SDK for Go v2 (Debian's golang-github-aws-aws-sdk-go-v2-dev, the SDK family
// of Terraform's AWS provider), for the end-to-end tests of refresh-credentials. It loads the
// configuration as Terraform's provider does (config.LoadDefaultConfig: environment, shared
// config and credentials files with AWS_PROFILE, credential_process, the container provider) and
// calls GetCallerIdentity through an endpoint resolver (this SDK version reads no
// AWS_ENDPOINT_URL), CALLS times, GAP_MS apart, in one process, so that its own credential cache
// must renew between calls.
//
// Usage: go-client ENDPOINT [CALLS [GAP_MS]]; prints {"arns":[...]} or the error on stderr, exit 1.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: go-client ENDPOINT [CALLS [GAP_MS]]")
		os.Exit(2)
	}
	endpoint := os.Args[1]
	calls, gapMs := 1, 0
	if len(os.Args) > 2 {
		calls, _ = strconv.Atoi(os.Args[2])
	}
	if len(os.Args) > 3 {
		gapMs, _ = strconv.Atoi(os.Args[3])
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	resolver := aws.EndpointResolverWithOptionsFunc(
		func(service, region string, _ ...interface{}) (aws.Endpoint, error) {
			if service == sts.ServiceID {
				return aws.Endpoint{URL: endpoint, SigningRegion: region}, nil
			}
			return aws.Endpoint{}, &aws.EndpointNotFoundError{}
		})
	cfg, err := config.LoadDefaultConfig(ctx, config.WithEndpointResolverWithOptions(resolver))
	if err != nil {
		fail(err)
	}
	client := sts.NewFromConfig(cfg)
	arns := []string{}
	for i := 0; i < calls; i++ {
		if i > 0 {
			time.Sleep(time.Duration(gapMs) * time.Millisecond)
		}
		out, err := client.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			fail(err)
		}
		arns = append(arns, aws.ToString(out.Arn))
	}
	text, _ := json.Marshal(map[string][]string{"arns": arns})
	fmt.Println(string(text))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, err)
	os.Exit(1)
}
