// Public Microsoft Learn pages the findings' actions point to (one place, so links stay consistent).

const LEARN = 'https://learn.microsoft.com/en-us/azure';

export const DOCS = {
  coexistence: `${LEARN}/expressroute/expressroute-howto-coexist-resource-manager`,
  vpnBgpOverview: `${LEARN}/vpn-gateway/vpn-gateway-bgp-overview`,
  vpnFaqBgp: `${LEARN}/vpn-gateway/vpn-gateway-vpn-faq#bgp`,
  bgpDiagnostics: `${LEARN}/vpn-gateway/bgp-diagnostics`,
  s2sCannotConnect: `${LEARN}/vpn-gateway/vpn-gateway-troubleshoot-site-to-site-cannot-connect`,
  s2sDisconnects: `${LEARN}/vpn-gateway/vpn-gateway-troubleshoot-site-to-site-disconnected-intermittently`,
  highlyAvailable: `${LEARN}/vpn-gateway/vpn-gateway-highlyavailable`,
  resetGateway: `${LEARN}/vpn-gateway/reset-gateway`,
  gatewaySkus: `${LEARN}/vpn-gateway/about-gateway-skus`,
  vpnGatewaySettings: `${LEARN}/vpn-gateway/vpn-gateway-about-vpn-gateway-settings`,
  policyBased: `${LEARN}/vpn-gateway/vpn-gateway-connect-multiple-policybased-rm-ps`,
  erRouting: `${LEARN}/expressroute/expressroute-routing`,
  erOptimizeRouting: `${LEARN}/expressroute/expressroute-optimize-routing`,
  erLimits: `${LEARN}/azure-resource-manager/management/azure-subscription-service-limits#expressroute-limits`,
  udrOverview: `${LEARN}/virtual-network/virtual-networks-udr-overview`,
  effectiveRoutes: `${LEARN}/virtual-network/diagnose-network-routing-problem`,
  localNetworkGateway: `${LEARN}/vpn-gateway/vpn-gateway-modify-local-network-gateway`,
  ipsecIkePolicy: `${LEARN}/vpn-gateway/ipsec-ike-policy-howto`,
  vpnDevicesIpsec: `${LEARN}/vpn-gateway/vpn-gateway-about-vpn-devices#ipsec`,
} as const;
