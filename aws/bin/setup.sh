#!/usr/bin/env bash
# Sets up the AWS side of the Cruddur demo. Idempotent: a second run updates what the first created.
#   1. the X-Ray sampling rule of aws/json/xray.json (created, or updated when a rule of that name exists)
#   2. the X-Ray group of aws/json/xray-group.json (created or updated)
#   3. the CloudWatch Logs group the agent ships to, and its retention policy
#   4. prints the environment to export and the agent's IAM policy for that log group
#
# Usage: aws/bin/setup.sh [--dry-run] [--log-group NAME] [--retention-days N]
#   --dry-run           print every AWS CLI command instead of running it (asks AWS nothing, needs no credentials)
#   --log-group NAME    default backend-flask: the agent's default log group is the service name (OTEL_SERVICE_NAME)
#   --retention-days N  default 30
#
# Region and credentials are the AWS CLI's (AWS_REGION or AWS_DEFAULT_REGION, AWS_PROFILE or the AWS_* keys).
# Needs the AWS CLI v2 and jq.
set -euo pipefail

aws_dir=$(cd "$(dirname "$0")/.." && pwd)
rule_file="$aws_dir/json/xray.json"
group_file="$aws_dir/json/xray-group.json"
policy_file="$aws_dir/iam/quartet-agent-policy.json"
service=backend-flask
log_group=$service
retention_days=30
dry_run=0

usage() {
  sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
  case "$1" in
    --dry-run) dry_run=1 ;;
    --log-group)
      log_group=${2:-}
      [ -n "$log_group" ] || { echo "setup.sh: --log-group needs a name" >&2; exit 2; }
      shift ;;
    --retention-days)
      retention_days=${2:-}
      [[ "$retention_days" =~ ^[0-9]+$ ]] || { echo "setup.sh: --retention-days needs a number of days" >&2; exit 2; }
      shift ;;
    -h | --help) usage; exit 0 ;;
    *) echo "setup.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

command -v jq >/dev/null || { echo "setup.sh: jq is needed (apt-get install jq, brew install jq)" >&2; exit 1; }
if [ "$dry_run" = 0 ]; then
  command -v aws >/dev/null || { echo "setup.sh: the AWS CLI v2 is needed" >&2; exit 1; }
fi
region=${AWS_REGION:-${AWS_DEFAULT_REGION:-}}
if [ -z "$region" ]; then
  if [ "$dry_run" = 0 ]; then
    echo "setup.sh: set AWS_REGION (or AWS_DEFAULT_REGION) first" >&2
    exit 1
  fi
  region=us-east-1
  echo "# dry run without AWS_REGION: showing region $region"
fi

# Prints a command as a shell would read it back, then runs it (not in a dry run).
run() {
  printf '+'
  printf ' %q' "$@"
  printf '\n'
  if [ "$dry_run" = 0 ]; then
    "$@"
  fi
}

# A read-only query: shows it (on stderr: its output is the answer), then runs it. A dry run asks nothing and finds
# nothing.
query() {
  printf '+' >&2
  printf ' %q' "$@" >&2
  printf '\n' >&2
  if [ "$dry_run" = 0 ]; then
    "$@"
  fi
}

# ensure WHAT FIND CREATE UPDATE: runs UPDATE when FIND finds WHAT, else CREATE; a dry run shows both.
ensure() {
  echo "# $1"
  if [ "$dry_run" = 1 ]; then
    "$2" 2>&1
    echo "# when it exists:"
    "$4"
    echo "# otherwise:"
    "$3"
  elif [ -n "$("$2")" ]; then
    "$4"
  else
    "$3"
  fi
}

rule_name=$(jq -er .SamplingRule.RuleName "$rule_file")
group_name=$(jq -er .GroupName "$group_file")

find_rule() {
  query aws xray get-sampling-rules --region "$region" \
    --query "SamplingRuleRecords[?SamplingRule.RuleName=='$rule_name'].SamplingRule.RuleName" --output text
}
create_rule() {
  run aws xray create-sampling-rule --region "$region" --cli-input-json "file://$rule_file"
}
update_rule() {
  # update-sampling-rule takes the same rule as a SamplingRuleUpdate, which has no Version
  run aws xray update-sampling-rule --region "$region" \
    --cli-input-json "$(jq -c '{SamplingRuleUpdate: (.SamplingRule | del(.Version))}' "$rule_file")"
}
find_group() {
  query aws xray get-groups --region "$region" --query "Groups[?GroupName=='$group_name'].GroupName" --output text
}
create_group() {
  run aws xray create-group --region "$region" --cli-input-json "file://$group_file"
}
update_group() {
  run aws xray update-group --region "$region" --cli-input-json "file://$group_file"
}
find_log_group() {
  query aws logs describe-log-groups --region "$region" --log-group-name-prefix "$log_group" \
    --query "logGroups[?logGroupName=='$log_group'].logGroupName" --output text
}
create_log_group() {
  run aws logs create-log-group --region "$region" --log-group-name "$log_group"
}
keep_log_group() {
  echo "# log group $log_group exists"
}

ensure "X-Ray sampling rule $rule_name ($rule_file)" find_rule create_rule update_rule
ensure "X-Ray group $group_name ($group_file)" find_group create_group update_group
ensure "CloudWatch Logs group $log_group" find_log_group create_log_group keep_log_group
run aws logs put-retention-policy --region "$region" --log-group-name "$log_group" --retention-in-days "$retention_days"

cat <<EOF

# Done. Export these before starting the app with the agent (or docker compose up, which passes them on):
export OTEL_SERVICE_NAME=$service
export AWS_REGION=$region
export AWS_XRAY_DAEMON_ADDRESS=127.0.0.1:2000   # xray-daemon:2000 inside docker compose
EOF
if [ "$log_group" != "$service" ]; then
  echo "export QUARTET_CLOUDWATCH_LOG_GROUP=$log_group"
fi
cat <<EOF
# and credentials the AWS SDK finds: AWS_PROFILE, or AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (, AWS_SESSION_TOKEN)

# The agent's IAM policy for log group $log_group (aws/iam/quartet-agent-policy.json is the one for backend-flask);
# the X-Ray daemon's is aws/iam/xray-daemon-policy.json.
EOF
jq --arg group "$log_group" \
  '.Statement[0].Resource = ["arn:aws:logs:*:*:log-group:\($group)", "arn:aws:logs:*:*:log-group:\($group):*"]' \
  "$policy_file"
