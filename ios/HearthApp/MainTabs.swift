import HearthFFI
import HearthKit
import SwiftUI

/// The six tabs, each with a quick-exit button that locks at once.
struct MainTabs: View {
    let client: HearthClient
    let quickExit: () -> Void

    var body: some View {
        TabView {
            tab(TodayView(client: client), "Today", "square.and.pencil")
            tab(JournalView(client: client), "Journal", "book")
            tab(CirclesView(client: client), "Circles", "person.3")
            tab(InsightsView(client: client), "Insights", "chart.xyaxis.line")
            tab(SurveysView(client: client), "Check yourself", "list.bullet.clipboard")
            tab(SettingsView(client: client), "Settings", "gear")
        }
    }

    private func tab<V: View>(_ view: V, _ title: String, _ icon: String) -> some View {
        NavigationStack {
            view.navigationTitle(title).toolbar {
                Button("Exit", action: quickExit).accessibilityLabel("Quick exit: lock Hearth")
            }
        }
        .tabItem { Label(title, systemImage: icon) }
    }
}
