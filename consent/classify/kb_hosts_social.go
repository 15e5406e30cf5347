package classify

import "github.com/caddy-consent/caddy-consent/consent/purpose"

// kbMeta holds Meta's pixel, SDK and plugins. The same hosts serve the ad
// pixel (retargeting, and its /tr endpoint a beacon) and the social plugins.
var kbMeta = []HostRule{
	{Pattern: "*.facebook.com", Purpose: purpose.Social, Vendor: "Facebook"},
	{Pattern: "*.facebook.com/tr", Purpose: purpose.Beacon, Vendor: "Meta Pixel"},
	{Pattern: "*.facebook.com/plugins/", Purpose: purpose.Social, Vendor: "Facebook social plugins"},
	{Pattern: "*.facebook.com/*/plugins/", Purpose: purpose.Social, Vendor: "Facebook social plugins"},
	{Pattern: "*.facebook.net", Purpose: purpose.Social, Vendor: "Facebook"},
	{Pattern: "connect.facebook.net/*/fbevents.js", Purpose: purpose.Retargeting, Vendor: "Meta Pixel"},
	{Pattern: "connect.facebook.net/signals/", Purpose: purpose.Retargeting, Vendor: "Meta Pixel"},
	{Pattern: "connect.facebook.net/*/sdk.js", Purpose: purpose.Social, Vendor: "Facebook SDK"},
	{Pattern: "connect.facebook.net/*/all.js", Purpose: purpose.Social, Vendor: "Facebook SDK"},
	{Pattern: "connect.facebook.net/*/sdk/", Purpose: purpose.Social, Vendor: "Facebook SDK"},
	{Pattern: "*.fbcdn.net", Purpose: purpose.Social, Vendor: "Facebook"},
	{Pattern: "*.instagram.com", Purpose: purpose.Social, Vendor: "Instagram"},
	{Pattern: "*.cdninstagram.com", Purpose: purpose.Social, Vendor: "Instagram"},
	{Pattern: "*.threads.net", Purpose: purpose.Social, Vendor: "Threads"},
}

// kbSocialNetworks holds the other social networks: their ad pixels
// (retargeting, beacons) and their buttons, widgets and embeds (social).
var kbSocialNetworks = []HostRule{
	// LinkedIn.
	{Pattern: "snap.licdn.com/li.lms-analytics/", Purpose: purpose.Retargeting, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "*.ads.linkedin.com", Purpose: purpose.Retargeting, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "px.ads.linkedin.com/collect", Purpose: purpose.Beacon, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "platform.linkedin.com", Purpose: purpose.Social, Vendor: "LinkedIn widgets"},
	{Pattern: "*.linkedin.com", Purpose: purpose.Social, Vendor: "LinkedIn"},
	{Pattern: "*.licdn.com", Purpose: purpose.Social, Vendor: "LinkedIn"},

	// X (Twitter).
	{Pattern: "*.ads-twitter.com", Purpose: purpose.Retargeting, Vendor: "X (Twitter) Pixel"},
	{Pattern: "analytics.twitter.com", Purpose: purpose.Retargeting, Vendor: "X (Twitter) Pixel"},
	{Pattern: "analytics.twitter.com/i/adsct", Purpose: purpose.Beacon, Vendor: "X (Twitter) Pixel"},
	{Pattern: "t.co/i/adsct", Purpose: purpose.Beacon, Vendor: "X (Twitter) Pixel"},
	{Pattern: "platform.twitter.com", Purpose: purpose.Social, Vendor: "X (Twitter) widgets"},
	{Pattern: "platform.x.com", Purpose: purpose.Social, Vendor: "X (Twitter) widgets"},
	{Pattern: "syndication.twitter.com", Purpose: purpose.Social, Vendor: "X (Twitter) syndication"},
	{Pattern: "cdn.syndication.twimg.com", Purpose: purpose.Social, Vendor: "X (Twitter) syndication"},
	{Pattern: "*.twitter.com", Purpose: purpose.Social, Vendor: "X (Twitter)"},
	{Pattern: "*.twimg.com", Purpose: purpose.Social, Vendor: "X (Twitter)"},
	{Pattern: "*.x.com", Purpose: purpose.Social, Vendor: "X (Twitter)"},

	// TikTok.
	{Pattern: "analytics.tiktok.com", Purpose: purpose.Retargeting, Vendor: "TikTok Pixel"},
	{Pattern: "analytics-sg.tiktok.com", Purpose: purpose.Retargeting, Vendor: "TikTok Pixel"},
	{Pattern: "*.tiktok.com", Purpose: purpose.Social, Vendor: "TikTok"},
	{Pattern: "*.tiktokcdn.com", Purpose: purpose.Social, Vendor: "TikTok"},

	// Pinterest.
	{Pattern: "s.pinimg.com/ct/", Purpose: purpose.Retargeting, Vendor: "Pinterest Tag"},
	{Pattern: "ct.pinterest.com", Purpose: purpose.Retargeting, Vendor: "Pinterest Tag"},
	{Pattern: "ct.pinterest.com/v3", Purpose: purpose.Beacon, Vendor: "Pinterest Tag"},
	{Pattern: "assets.pinterest.com", Purpose: purpose.Social, Vendor: "Pinterest widgets"},
	{Pattern: "widgets.pinterest.com", Purpose: purpose.Social, Vendor: "Pinterest widgets"},
	{Pattern: "*.pinterest.com", Purpose: purpose.Social, Vendor: "Pinterest"},
	{Pattern: "*.pinimg.com", Purpose: purpose.Social, Vendor: "Pinterest"},

	// Snap.
	{Pattern: "*.sc-static.net", Purpose: purpose.Retargeting, Vendor: "Snap Pixel"},
	{Pattern: "tr.snapchat.com", Purpose: purpose.Beacon, Vendor: "Snap Pixel"},
	{Pattern: "tr-shadow.snapchat.com", Purpose: purpose.Beacon, Vendor: "Snap Pixel"},
	{Pattern: "*.snapchat.com", Purpose: purpose.Social, Vendor: "Snapchat"},

	// Reddit.
	{Pattern: "*.redditstatic.com/ads/", Purpose: purpose.Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "alb.reddit.com", Purpose: purpose.Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "alb.reddit.com/rp.gif", Purpose: purpose.Beacon, Vendor: "Reddit Pixel"},
	{Pattern: "pixel-config.reddit.com", Purpose: purpose.Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "*.reddit.com", Purpose: purpose.Social, Vendor: "Reddit"},
	{Pattern: "*.redditmedia.com", Purpose: purpose.Social, Vendor: "Reddit"},

	// Quora, VK.
	{Pattern: "a.quora.com", Purpose: purpose.Retargeting, Vendor: "Quora Pixel"},
	{Pattern: "q.quora.com", Purpose: purpose.Beacon, Vendor: "Quora Pixel"},
	{Pattern: "vk.com/rtrg", Purpose: purpose.Retargeting, Vendor: "VK Pixel"},
	{Pattern: "*.vk.com", Purpose: purpose.Social, Vendor: "VK"},

	// Share buttons and comments.
	{Pattern: "*.addthis.com", Purpose: purpose.Social, Vendor: "AddThis"},
	{Pattern: "*.addthisedge.com", Purpose: purpose.Social, Vendor: "AddThis"},
	{Pattern: "*.sharethis.com", Purpose: purpose.Social, Vendor: "ShareThis"},
	{Pattern: "*.addtoany.com", Purpose: purpose.Social, Vendor: "AddToAny"},
	{Pattern: "*.disqus.com", Purpose: purpose.Social, Vendor: "Disqus"},
	{Pattern: "*.disquscdn.com", Purpose: purpose.Social, Vendor: "Disqus"},
}
