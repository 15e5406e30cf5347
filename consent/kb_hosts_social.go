package consent

// kbMeta holds Meta's pixel, SDK and plugins. The same hosts serve the ad
// pixel (retargeting, and its /tr endpoint a beacon) and the social plugins.
var kbMeta = []HostRule{
	{Pattern: "*.facebook.com", Purpose: Social, Vendor: "Facebook"},
	{Pattern: "*.facebook.com/tr", Purpose: Beacon, Vendor: "Meta Pixel"},
	{Pattern: "*.facebook.com/plugins/", Purpose: Social, Vendor: "Facebook social plugins"},
	{Pattern: "*.facebook.com/*/plugins/", Purpose: Social, Vendor: "Facebook social plugins"},
	{Pattern: "*.facebook.net", Purpose: Social, Vendor: "Facebook"},
	{Pattern: "connect.facebook.net/*/fbevents.js", Purpose: Retargeting, Vendor: "Meta Pixel"},
	{Pattern: "connect.facebook.net/signals/", Purpose: Retargeting, Vendor: "Meta Pixel"},
	{Pattern: "connect.facebook.net/*/sdk.js", Purpose: Social, Vendor: "Facebook SDK"},
	{Pattern: "connect.facebook.net/*/all.js", Purpose: Social, Vendor: "Facebook SDK"},
	{Pattern: "connect.facebook.net/*/sdk/", Purpose: Social, Vendor: "Facebook SDK"},
	{Pattern: "*.fbcdn.net", Purpose: Social, Vendor: "Facebook"},
	{Pattern: "*.instagram.com", Purpose: Social, Vendor: "Instagram"},
	{Pattern: "*.cdninstagram.com", Purpose: Social, Vendor: "Instagram"},
	{Pattern: "*.threads.net", Purpose: Social, Vendor: "Threads"},
}

// kbSocialNetworks holds the other social networks: their ad pixels
// (retargeting, beacons) and their buttons, widgets and embeds (social).
var kbSocialNetworks = []HostRule{
	// LinkedIn.
	{Pattern: "snap.licdn.com/li.lms-analytics/", Purpose: Retargeting, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "*.ads.linkedin.com", Purpose: Retargeting, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "px.ads.linkedin.com/collect", Purpose: Beacon, Vendor: "LinkedIn Insight Tag"},
	{Pattern: "platform.linkedin.com", Purpose: Social, Vendor: "LinkedIn widgets"},
	{Pattern: "*.linkedin.com", Purpose: Social, Vendor: "LinkedIn"},
	{Pattern: "*.licdn.com", Purpose: Social, Vendor: "LinkedIn"},

	// X (Twitter).
	{Pattern: "*.ads-twitter.com", Purpose: Retargeting, Vendor: "X (Twitter) Pixel"},
	{Pattern: "analytics.twitter.com", Purpose: Retargeting, Vendor: "X (Twitter) Pixel"},
	{Pattern: "analytics.twitter.com/i/adsct", Purpose: Beacon, Vendor: "X (Twitter) Pixel"},
	{Pattern: "t.co/i/adsct", Purpose: Beacon, Vendor: "X (Twitter) Pixel"},
	{Pattern: "platform.twitter.com", Purpose: Social, Vendor: "X (Twitter) widgets"},
	{Pattern: "platform.x.com", Purpose: Social, Vendor: "X (Twitter) widgets"},
	{Pattern: "syndication.twitter.com", Purpose: Social, Vendor: "X (Twitter) syndication"},
	{Pattern: "cdn.syndication.twimg.com", Purpose: Social, Vendor: "X (Twitter) syndication"},
	{Pattern: "*.twitter.com", Purpose: Social, Vendor: "X (Twitter)"},
	{Pattern: "*.twimg.com", Purpose: Social, Vendor: "X (Twitter)"},
	{Pattern: "*.x.com", Purpose: Social, Vendor: "X (Twitter)"},

	// TikTok.
	{Pattern: "analytics.tiktok.com", Purpose: Retargeting, Vendor: "TikTok Pixel"},
	{Pattern: "analytics-sg.tiktok.com", Purpose: Retargeting, Vendor: "TikTok Pixel"},
	{Pattern: "*.tiktok.com", Purpose: Social, Vendor: "TikTok"},
	{Pattern: "*.tiktokcdn.com", Purpose: Social, Vendor: "TikTok"},

	// Pinterest.
	{Pattern: "s.pinimg.com/ct/", Purpose: Retargeting, Vendor: "Pinterest Tag"},
	{Pattern: "ct.pinterest.com", Purpose: Retargeting, Vendor: "Pinterest Tag"},
	{Pattern: "ct.pinterest.com/v3", Purpose: Beacon, Vendor: "Pinterest Tag"},
	{Pattern: "assets.pinterest.com", Purpose: Social, Vendor: "Pinterest widgets"},
	{Pattern: "widgets.pinterest.com", Purpose: Social, Vendor: "Pinterest widgets"},
	{Pattern: "*.pinterest.com", Purpose: Social, Vendor: "Pinterest"},
	{Pattern: "*.pinimg.com", Purpose: Social, Vendor: "Pinterest"},

	// Snap.
	{Pattern: "*.sc-static.net", Purpose: Retargeting, Vendor: "Snap Pixel"},
	{Pattern: "tr.snapchat.com", Purpose: Beacon, Vendor: "Snap Pixel"},
	{Pattern: "tr-shadow.snapchat.com", Purpose: Beacon, Vendor: "Snap Pixel"},
	{Pattern: "*.snapchat.com", Purpose: Social, Vendor: "Snapchat"},

	// Reddit.
	{Pattern: "*.redditstatic.com/ads/", Purpose: Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "alb.reddit.com", Purpose: Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "alb.reddit.com/rp.gif", Purpose: Beacon, Vendor: "Reddit Pixel"},
	{Pattern: "pixel-config.reddit.com", Purpose: Retargeting, Vendor: "Reddit Pixel"},
	{Pattern: "*.reddit.com", Purpose: Social, Vendor: "Reddit"},
	{Pattern: "*.redditmedia.com", Purpose: Social, Vendor: "Reddit"},

	// Quora, VK.
	{Pattern: "a.quora.com", Purpose: Retargeting, Vendor: "Quora Pixel"},
	{Pattern: "q.quora.com", Purpose: Beacon, Vendor: "Quora Pixel"},
	{Pattern: "vk.com/rtrg", Purpose: Retargeting, Vendor: "VK Pixel"},
	{Pattern: "*.vk.com", Purpose: Social, Vendor: "VK"},

	// Share buttons and comments.
	{Pattern: "*.addthis.com", Purpose: Social, Vendor: "AddThis"},
	{Pattern: "*.addthisedge.com", Purpose: Social, Vendor: "AddThis"},
	{Pattern: "*.sharethis.com", Purpose: Social, Vendor: "ShareThis"},
	{Pattern: "*.addtoany.com", Purpose: Social, Vendor: "AddToAny"},
	{Pattern: "*.disqus.com", Purpose: Social, Vendor: "Disqus"},
	{Pattern: "*.disquscdn.com", Purpose: Social, Vendor: "Disqus"},
}
