"""Creates the fixtures the benchmark needs and prints them as shell assignments. The
instances' aliases are unique, so a database that has seen a run before can be used again."""
import sys
import uuid
import boto3

endpoint = sys.argv[1]
c = boto3.client("connect", endpoint_url=endpoint, region_name="us-east-1",
                 aws_access_key_id="AKIDBENCH", aws_secret_access_key="x")
out = {}
for kind, identity in (("SAML", "SAML"), ("CM", "CONNECT_MANAGED")):
    iid = c.create_instance(IdentityManagementType=identity, InstanceAlias=f"bench-{kind.lower()}-{uuid.uuid4().hex[:8]}",
                            InboundCallsEnabled=True, OutboundCallsEnabled=True)["Id"]
    sp = {p["Name"]: p["Id"] for p in c.list_security_profiles(InstanceId=iid)["SecurityProfileSummaryList"]}["Agent"]
    rp = c.list_routing_profiles(InstanceId=iid)["RoutingProfileSummaryList"][0]["Id"]
    out[f"{kind}_INSTANCE"], out[f"{kind}_SP"], out[f"{kind}_RP"] = iid, sp, rp
user = c.create_user(InstanceId=out["SAML_INSTANCE"], Username="describe-me",
                     IdentityInfo={"FirstName": "D", "LastName": "M"},
                     SecurityProfileIds=[out["SAML_SP"]], RoutingProfileId=out["SAML_RP"])
out["USER"] = user["UserId"]
for k, v in out.items():
    print(f"{k}={v}")
